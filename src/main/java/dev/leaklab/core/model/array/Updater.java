package dev.leaklab.core.model.array;

import dev.leaklab.core.model.ModelConfig;
import dev.leaklab.core.model.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one optimiser step to parameter arrays in place: Adam (Kingma and Ba, 2015) with L2 weight decay
 * folded into the gradient, AdamW (Loshchilov and Hutter, 2019) with decoupled decay, or SGD with Nesterov
 * momentum 0.9.
 */
final class Updater {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final ModelConfig config;
    private final List<float[]> params;
    private final List<float[]> first = new ArrayList<>();
    private final List<float[]> second = new ArrayList<>();
    private long step;

    Updater(ModelConfig config, List<float[]> params) {
        this.config = config;
        this.params = params;
        for (float[] p : params) {
            first.add(new float[p.length]);
            second.add(config.optimizer() == Optimizer.SGD ? new float[0] : new float[p.length]);
        }
    }

    /** Moves every parameter against its gradient. */
    void apply(List<float[]> grads) {
        step++;
        float lr = (float) config.learningRate();
        float decay = (float) config.weightDecay();
        switch (config.optimizer()) {
            case ADAM, ADAMW -> {
                boolean decoupled = config.optimizer() == Optimizer.ADAMW;
                double correction1 = 1 - Math.pow(BETA1, step);
                double correction2 = 1 - Math.pow(BETA2, step);
                float stepSize = (float) (lr * Math.sqrt(correction2) / correction1);
                float b1 = (float) BETA1;
                float b2 = (float) BETA2;
                float eps = (float) (EPSILON * Math.sqrt(correction2));
                for (int k = 0; k < params.size(); k++) {
                    float[] p = params.get(k);
                    float[] g = grads.get(k);
                    float[] m = first.get(k);
                    float[] v = second.get(k);
                    for (int i = 0; i < p.length; i++) {
                        float gi = decoupled ? g[i] : g[i] + decay * p[i];
                        m[i] = b1 * m[i] + (1 - b1) * gi;
                        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                        float update = stepSize * m[i] / ((float) Math.sqrt(v[i]) + eps);
                        p[i] -= decoupled ? update + lr * decay * p[i] : update;
                    }
                }
            }
            case SGD -> {
                float mu = 0.9f;
                for (int k = 0; k < params.size(); k++) {
                    float[] p = params.get(k);
                    float[] g = grads.get(k);
                    float[] velocity = first.get(k);
                    for (int i = 0; i < p.length; i++) {
                        float gi = g[i] + decay * p[i];
                        float previous = velocity[i];
                        velocity[i] = mu * velocity[i] - lr * gi;
                        p[i] += -mu * previous + (1 + mu) * velocity[i];
                    }
                }
            }
        }
    }
}
