package dev.normalizer.common;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;

/** An entity with a public id: set once, here for the service's rows and by the database for other writers'. */
@MappedSuperclass
public abstract class PublicIdEntity extends PanacheEntityBase {

    @Column(name = "public_id", nullable = false, updatable = false)
    public String publicId;

    /** Which kind of public id this entity gets. */
    protected abstract PublicId publicIdKind();

    @PrePersist
    void assignPublicId() {
        if (publicId == null) {
            publicId = publicIdKind().next();
        }
    }
}
