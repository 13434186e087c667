package io.fugue.note;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import io.fugue.datasource.ConstraintViolations;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** Notes of one owner at a time: every method takes the owner, and another owner's note is simply not found. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class NoteService {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    /** @throws OwnerNotFoundException when no account has this id (any more) */
    public Note create(UUID ownerId, String title, String body) {
        Note note = new Note();
        note.ownerId = ownerId;
        note.title = title;
        note.body = body;
        note.createdAt = now();
        note.updatedAt = note.createdAt;
        try {
            // Flush now so the owner's foreign key speaks inside this method, not at commit.
            note.persistAndFlush();
        } catch (PersistenceException e) {
            if (ConstraintViolations.violates(e, ConstraintViolations.FOREIGN_KEY)) {
                throw new OwnerNotFoundException();
            }
            throw e;
        }
        return note;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Note> find(UUID ownerId, UUID id) {
        return Note.<Note>find("id = ?1 and ownerId = ?2", id, ownerId).firstResultOptional();
    }

    /**
     * Locks the row first ({@code SELECT … FOR UPDATE}): a delete of the same note that commits meanwhile then makes
     * this a 404, where a plain read would go on to update no row and fail at commit. The precondition is checked on
     * the locked row, so no other change can come between the check and the update.
     *
     * @param precondition whether the request may change the note as it is (the client's {@code If-Match})
     * @throws NoteNotFoundException when the owner has no such note
     * @throws NoteChangedException when the precondition does not hold; nothing is changed
     */
    public Note update(UUID ownerId, UUID id, String title, String body, Predicate<Note> precondition) {
        Note note = locked(ownerId, id, precondition);
        note.title = title;
        note.body = body;
        note.updatedAt = now();
        return note;
    }

    /**
     * @param precondition as for {@link #update}
     * @throws NoteNotFoundException when the owner has no such note
     * @throws NoteChangedException when the precondition does not hold; nothing is deleted
     */
    public void delete(UUID ownerId, UUID id, Predicate<Note> precondition) {
        locked(ownerId, id, precondition).delete();
    }

    private static Note locked(UUID ownerId, UUID id, Predicate<Note> precondition) {
        Note note = Note.<Note>find("id = ?1 and ownerId = ?2", id, ownerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional()
                .orElseThrow(NoteNotFoundException::new);
        if (!precondition.test(note)) {
            throw new NoteChangedException(note);
        }
        return note;
    }

    /** Up to {@code limit} notes after {@code cursor} (from the newest when empty), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public NotePage list(UUID ownerId, int limit, Optional<NoteCursor> cursor) {
        // One extra row tells whether another page follows.
        List<Note> rows = cursor
                .map(after -> Note.<Note>find(
                        // "createdAt <= :created" bounds the index scan; without it PostgreSQL filters every
                        // newer note of the owner, page after page.
                        "ownerId = :owner and createdAt <= :created and (createdAt < :created or id < :id)",
                        NEWEST_FIRST,
                        Parameters.with("owner", ownerId).and("created", after.createdAt()).and("id", after.id())))
                .orElseGet(() -> Note.find("ownerId", NEWEST_FIRST, ownerId))
                .range(0, limit)
                .list();
        if (rows.size() <= limit) {
            return new NotePage(rows, Optional.empty());
        }
        List<Note> page = rows.subList(0, limit);
        return new NotePage(List.copyOf(page), Optional.of(NoteCursor.after(page.get(limit - 1))));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
