/** Git facts every service shares: commit trailer names, repository URL matching, Git host credentials. */
package io.gitopsflow.events.git;
