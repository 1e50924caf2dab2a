/**
 * What the REST API answers: records built from the stored state, so the API's shape changes only when one of these
 * does, never because an entity gained a column.
 */
package io.gitopsflow.promotion.api;
