package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * A real browser for tests: Debian's headless Chromium driven through Debian's {@code chromedriver} with Selenium
 * WebDriver (classic). Why not Playwright or Selenium Manager: both download a browser or driver build of their own,
 * which cannot work where only package registries are reached; here both binaries come from apt ({@code chromium
 * chromium-driver}) and their paths are given explicitly, so Selenium never looks for one. Where they are not
 * installed, {@link #available()} is false, {@link #unavailableReason()} says why, and tests skip themselves.
 *
 * <p>A start costs a Chromium launch (about a second or two), so start one per test class, or use the JVM-wide
 * {@link #shared()} one. Each browser has its own fresh profile under the test temp folder. The implicit wait is 0:
 * tests wait explicitly ({@code WebDriverWait} or Awaitility); a page load gives up after 30 s.
 */
public final class Browser implements AutoCloseable {

    /** Debian's Chromium; {@code gitopsflow.test.chromium-binary} overrides it. */
    public static final Path CHROMIUM =
            Path.of(System.getProperty("gitopsflow.test.chromium-binary", "/usr/bin/chromium"));

    /** Debian's chromedriver (package chromium-driver); {@code gitopsflow.test.chromedriver-binary} overrides it. */
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("gitopsflow.test.chromedriver-binary", "/usr/bin/chromedriver"));

    /** How long a navigation may take before WebDriver reports a timeout. */
    public static final Duration PAGE_LOAD_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(Browser.class.getName());
    private static final List<String> ARGUMENTS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--window-size=1400,1000",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--password-store=basic");
    private static Browser shared;

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path folder;
    private final boolean isShared;

    private Browser(ChromeDriver driver, ChromeDriverService service, Path folder, boolean isShared) {
        this.driver = driver;
        this.service = service;
        this.folder = folder;
        this.isShared = isShared;
    }

    /** True when both Chromium and chromedriver are installed ({@code apt-get install chromium chromium-driver}). */
    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Why no browser can start here, for a test's skip message; {@code null} when {@link #available()}. */
    public static String unavailableReason() {
        if (!Files.isExecutable(CHROMIUM)) {
            return CHROMIUM + " is not installed: apt-get install chromium chromium-driver";
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return CHROMEDRIVER + " is not installed: apt-get install chromium-driver";
        }
        return null;
    }

    /** Starts a new headless Chromium with a fresh profile; {@link #close()} quits it. */
    public static Browser start() {
        return start(false);
    }

    /**
     * The one browser of this JVM, started on first use and quit when the JVM exits; its {@link #close()} does
     * nothing. Tests that share it call {@link #reset()} first, so no cookie of an earlier test leaks in.
     */
    public static synchronized Browser shared() {
        if (shared == null) {
            shared = start(true);
            Browser started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::quit, "browser-quit"));
        }
        return shared;
    }

    private static Browser start(boolean isShared) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(folder.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(ARGUMENTS);
        options.addArguments("--user-data-dir=" + folder.resolve("profile"));
        ClientConfig http = ClientConfig.defaultConfig().readTimeout(PAGE_LOAD_TIMEOUT.plusSeconds(30));
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options, http);
        } catch (RuntimeException e) {
            service.stop();
            throw new IllegalStateException("Chromium did not start; see " + folder.resolve("chromedriver.log"), e);
        }
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_TIMEOUT);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        LOG.log(
                Level.INFO,
                "Chromium {0} ready in {1} ms, profile and driver log in {2}",
                driver.getCapabilities().getBrowserVersion(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                folder);
        return new Browser(driver, service, folder, isShared);
    }

    /** The WebDriver of this browser. */
    public WebDriver driver() {
        return driver;
    }

    /** The folder of this browser's profile and chromedriver log. */
    public Path folder() {
        return folder;
    }

    /**
     * Sets a cookie for {@code origin} (e.g. {@code http://127.0.0.1:8080}) without navigating there first, which
     * plain WebDriver requires (and which fails where the first page redirects to another host, a login for one):
     * Chromium's own {@code Network.setCookie} through chromedriver. Path {@code /}; HttpOnly when asked.
     */
    public void addCookie(URI origin, String name, String value, boolean httpOnly) {
        driver.executeCdpCommand(
                "Network.setCookie",
                Map.of(
                        "url", origin.resolve("/").toString(),
                        "name", name,
                        "value", value,
                        "path", "/",
                        "httpOnly", httpOnly));
    }

    /** Forgets every cookie and shows an empty page: a clean start for the next test on a shared browser. */
    public void reset() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get("about:blank");
    }

    /** Saves what the window shows as a PNG in {@code file}, creating its folders; returns {@code file}. */
    public Path screenshot(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        }
    }

    /** Quits the browser and its driver; does nothing for the {@link #shared()} one, which the JVM's exit quits. */
    @Override
    public void close() {
        if (!isShared) {
            quit();
        }
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
