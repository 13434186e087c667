package io.fugue.note;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A note owned by one account. Instants are kept to the microsecond, PostgreSQL's precision. */
@Entity
@Table(name = "notes")
public class Note extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(nullable = false, length = 10_000)
    public String body;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Incremented by Hibernate on every change: the note's ETag. */
    @Version
    @Column(nullable = false)
    public long version;

    @Override
    public String toString() {
        return "Note[id=" + id + ", ownerId=" + ownerId + "]";
    }
}
