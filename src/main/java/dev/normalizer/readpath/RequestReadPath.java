package dev.normalizer.readpath;

import jakarta.enterprise.context.RequestScoped;

/** The read path chosen for the current request; set once by {@link ReadPathFilter}. */
@RequestScoped
public class RequestReadPath {

    private ReadPath path = ReadPath.LEGACY;

    public ReadPath get() {
        return path;
    }

    void set(ReadPath path) {
        this.path = path;
    }
}
