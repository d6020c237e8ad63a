package dev.normalizer.patient.columns;

import dev.normalizer.patient.model.PatientChild;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.model.PatientGp;
import dev.normalizer.patient.model.PatientPersonal;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where one legacy column lives in the normalized entities, and how to read and write it there. Rows of
 * optional tables (GP, repeating groups) are created on the first non-null write; {@link #row} lets the writer
 * drop a row whose every column has become null.
 *
 * @param <T> the column's Java type
 */
public interface Access<T> {

    T read(PatientCore patient);

    void write(PatientCore patient, T value);

    /** The optional row that holds this column, if it exists and may be dropped when empty. */
    default Object row(PatientCore patient) {
        return null;
    }

    static <T> Access<T> core(Function<PatientCore, T> get, BiConsumer<PatientCore, T> set) {
        return new Access<>() {
            public T read(PatientCore p) {
                return get.apply(p);
            }

            public void write(PatientCore p, T value) {
                set.accept(p, value);
            }
        };
    }

    static <T> Access<T> personal(Function<PatientPersonal, T> get, BiConsumer<PatientPersonal, T> set) {
        return new Access<>() {
            public T read(PatientCore p) {
                return get.apply(p.personal);
            }

            public void write(PatientCore p, T value) {
                set.accept(p.personal, value);
            }
        };
    }

    static <T> Access<T> gp(Function<PatientGp, T> get, BiConsumer<PatientGp, T> set) {
        return new Access<>() {
            public T read(PatientCore p) {
                return p.gp == null ? null : get.apply(p.gp);
            }

            public void write(PatientCore p, T value) {
                if (p.gp == null && value != null) {
                    p.gp = new PatientGp();
                    p.gp.patient = p;
                }
                if (p.gp != null) {
                    set.accept(p.gp, value);
                }
            }

            @Override
            public Object row(PatientCore p) {
                return p.gp;
            }
        };
    }

    /** A column of one slot of a repeating group, such as the severity of allergy 3. */
    static <E extends PatientChild, T> Access<T> child(Group<E> group, String slot, Function<E, T> get,
            BiConsumer<E, T> set) {
        return new Access<>() {
            public T read(PatientCore p) {
                E row = group.find(p, slot);
                return row == null ? null : get.apply(row);
            }

            public void write(PatientCore p, T value) {
                E row = group.find(p, slot);
                if (row == null && value != null) {
                    row = group.add(p, slot);
                }
                if (row != null) {
                    set.accept(row, value);
                }
            }

            @Override
            public Object row(PatientCore p) {
                return group.find(p, slot);
            }
        };
    }

    /** A repeating group: its entity, which collection of the patient holds it, and how to make a new row. */
    record Group<E extends PatientChild>(Class<E> type, Function<PatientCore, List<E>> rows, Supplier<E> factory) {

        E find(PatientCore patient, String slot) {
            for (E row : rows.apply(patient)) {
                if (row.slot().equals(slot)) {
                    return row;
                }
            }
            return null;
        }

        E add(PatientCore patient, String slot) {
            E row = factory.get();
            row.patient = patient;
            row.assignSlot(slot);
            rows.apply(patient).add(row);
            return row;
        }
    }
}
