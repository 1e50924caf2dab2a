/** Argo CD facts two services share: how a sync of an Application is requested, and when it may not be. */
package io.gitopsflow.events.argocd;
