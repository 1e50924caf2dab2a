package io.gitopsflow.promotion.service;

/** A request the service refuses, with the HTTP status that says why (400, 403, 404, 409). */
public class PromotionException extends RuntimeException {

    private final int status;

    public PromotionException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static PromotionException notFound(String message) {
        return new PromotionException(404, message);
    }

    public static PromotionException conflict(String message) {
        return new PromotionException(409, message);
    }

    public static PromotionException forbidden(String message) {
        return new PromotionException(403, message);
    }

    public static PromotionException badRequest(String message) {
        return new PromotionException(400, message);
    }
}
