package io.gitopsflow.promotion;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A tag an image repository was announced with: what a subscription's tag rules are checked against. */
@Entity
@Table(name = "image_tag_seen")
public class SeenTag extends PanacheEntityBase {

    /** {@code <repository>:<tag>} (a tag holds no ':', so the last one separates them). */
    @Id
    public String id;

    @Column(name = "image_repository")
    public String imageRepository;

    public String tag;

    /** When the tag was last announced. */
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;

    public static String key(String repository, String tag) {
        return repository + ":" + tag;
    }
}
