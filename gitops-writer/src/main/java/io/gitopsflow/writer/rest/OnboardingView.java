package io.gitopsflow.writer.rest;

import io.gitopsflow.writer.service.Onboarded;
import java.util.List;
import java.util.Locale;

/**
 * What an onboarding came to, as the API shows it.
 *
 * @param status {@code committed}, {@code pull-request-opened}, {@code pull-request-open} (the same request again) or
 *     {@code already-onboarded} (the branch holds every file)
 * @param commit the commit that holds the files
 * @param pullRequestUrl the pull request's page, in pull-request mode
 * @param branch the branch the files are on
 * @param files every file of the onboarding
 */
public record OnboardingView(String status, String commit, String pullRequestUrl, String branch, List<String> files) {

    static OnboardingView of(Onboarded onboarded) {
        return new OnboardingView(
                onboarded.status().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                onboarded.commit(),
                onboarded.pullRequestUrl(),
                onboarded.branch(),
                onboarded.files());
    }
}
