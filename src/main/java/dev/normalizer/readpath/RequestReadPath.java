package dev.normalizer.readpath;

import jakarta.enterprise.context.RequestScoped;

/** The flag's state for the current request, and so the read path it is served from; set once by {@link ReadPathFilter}. */
@RequestScoped
public class RequestReadPath {

    private FlagState state = FlagState.LEGACY;

    /** The path the answer is read from. */
    public ReadPath get() {
        return state.served();
    }

    /** Whether the normalized answer is to be compared with the served (legacy) one: the flag's variant shadow. */
    public boolean shadowed() {
        return state == FlagState.SHADOW;
    }

    void set(FlagState state) {
        this.state = state;
    }
}
