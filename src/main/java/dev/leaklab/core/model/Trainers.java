package dev.leaklab.core.model;

import dev.leaklab.core.InputException;
import dev.leaklab.core.model.dl4j.Dl4jModel;
import dev.leaklab.core.model.dl4j.Dl4jTrainer;
import java.nio.file.Path;

/** Where callers get a trainer and load checkpoints, without naming the deep-learning library. */
public final class Trainers {

    private Trainers() {
    }

    /** The trainer of this build (DL4J / ND4J, loaded on first use). */
    public static Trainer standard() {
        return new Dl4jTrainer();
    }

    /** Loads a checkpoint written by {@link TrainedModel#save}. */
    public static TrainedModel load(Path dir) throws InputException {
        return Dl4jModel.load(dir);
    }
}
