package dev.leaklab.core.model;

import dev.leaklab.core.InputException;
import dev.leaklab.core.math.Gemm;
import dev.leaklab.core.model.array.ArrayModel;
import dev.leaklab.core.model.array.ArrayTrainer;
import dev.leaklab.core.model.array.OpenBlasGemm;
import java.nio.file.Path;

/** Where callers get a trainer and load checkpoints, without naming the deep-learning library. */
public final class Trainers {

    private Trainers() {
    }

    /** The trainer of this build (hand-written networks over the OpenBLAS that ND4J ships). */
    public static Trainer standard() {
        return new ArrayTrainer();
    }

    /** The native matrix product the attack classifiers use. */
    public static Gemm gemm() {
        return new OpenBlasGemm();
    }

    /** Loads a checkpoint written by {@link TrainedModel#save}. */
    public static TrainedModel load(Path dir) throws InputException {
        return ArrayModel.load(dir);
    }
}
