/** What every service's HTTP side shares: the answer to an oversized body. */
package io.gitopsflow.messaging.http;
