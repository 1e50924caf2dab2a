package io.gitopsflow.cli.auth;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.config.CliConfig;
import io.gitopsflow.cli.config.StoredLogin;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow logout}: forgets the stored login (server and tokens), so the next command sends no token until
 * the next {@code login}. Not being logged in is no failure: a script can log out unconditionally.
 */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the stored login and its tokens.")
public class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final CliConfig config;

    public LogoutCommand() {
        this(null);
    }

    /** A logout from {@code config} (null: the user's). */
    LogoutCommand(CliConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        CliConfig target = config == null ? CliConfig.ofUser() : config;
        Optional<String> server = server(target);
        boolean forgotten = target.forget();
        PrintWriter out = spec.commandLine().getOut();
        if (!forgotten) {
            out.println("Not logged in: nothing to forget");
        } else {
            out.println(server.map(url -> "Logged out of " + url).orElse("Logged out")
                    + ": the stored tokens are forgotten");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static Optional<String> server(CliConfig config) {
        try {
            return config.login().map(StoredLogin::server);
        } catch (CliException e) {
            return Optional.empty(); // unreadable: forgotten all the same
        }
    }
}
