package dev.leaklab.core.model.pretrained;

import dev.leaklab.core.code.bpe.ByteLevelBpe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny, seeded, random RoBERTa checkpoint folder (config.json, vocab.json, merges.txt,
 * model.safetensors) with a tokenizer trained on a few C lines: hidden 16, 2 layers, 2 heads, intermediate
 * 32, 66 positions. Public so that the tests of other packages (the fast encoder) can load it too.
 */
public final class TinyRobertaCheckpoint {

    /** Hidden width. */
    public static final int HIDDEN = 16;
    /** Encoder layers. */
    public static final int LAYERS = 2;
    /** Attention heads. */
    public static final int HEADS = 2;
    /** Feed-forward width. */
    public static final int INTERMEDIATE = 32;
    /** Position rows: 64 tokens after RoBERTa's offset of pad + 1 = 2. */
    public static final int MAX_POSITIONS = 66;
    /** Target vocabulary size of the tokenizer. */
    public static final int VOCAB = 320;

    private static final List<String> CORPUS = List.of(
            "int main(int argc, char **argv)\n{\n\treturn 0;\n}\n",
            "static void copy(char *dst, const char *src, size_t len)\n{\n\tmemcpy(dst, src, len);\n}\n",
            "if (len > sizeof(buf))\n\treturn -1;\nstrncpy(buf, name, sizeof(buf) - 1);\n",
            "for (i = 0; i < n; i++)\n\tdata[i] = src[i] ^ 0x5a;\n",
            "char *p = malloc(len + 1);\nif (p == NULL)\n\treturn NULL;\nfree(p);\n",
            "while (count-- > 0) { *dst++ = *src++; }\n",
            "fprintf(stderr, \"error: %s\\n\", msg);\n");

    private TinyRobertaCheckpoint() {
    }

    /** The tokenizer every tiny checkpoint uses: byte-level BPE trained on a few C lines. */
    public static ByteLevelBpe tokenizer() {
        return ByteLevelBpe.train(CORPUS, VOCAB, 1);
    }

    /** The tiny config for a vocabulary of {@code vocabSize} ids. */
    public static RobertaConfig config(int vocabSize) {
        return new RobertaConfig(vocabSize, HIDDEN, LAYERS, HEADS, INTERMEDIATE, MAX_POSITIONS, 1, 1e-5,
                RobertaConfig.GELU, 1);
    }

    /** Writes the four files into {@code dir} (created if needed), tensor names without prefix. */
    public static Path write(Path dir, long seed) throws IOException {
        return write(dir, seed, "");
    }

    /**
     * Writes the four files into {@code dir} (created if needed).
     *
     * @param prefix put before every tensor name: "" as {@code RobertaModel} saves, "roberta." as a task model does
     */
    public static Path write(Path dir, long seed, String prefix) throws IOException {
        Files.createDirectories(dir);
        ByteLevelBpe bpe = tokenizer();
        bpe.save(dir.resolve(PretrainedFolder.VOCAB), dir.resolve(PretrainedFolder.MERGES));
        RobertaConfig config = config(bpe.vocabSize());
        config.write(dir.resolve(PretrainedFolder.CONFIG));
        SafeTensors.write(dir.resolve(PretrainedFolder.WEIGHTS), randomWeights(config, seed, prefix));
        return dir;
    }

    /**
     * Random weights for every tensor the config needs: entries N(0, 0.3^2) so that attention is far from
     * uniform, LayerNorm scales near 1, everything else near 0.
     */
    public static Map<String, Tensor> randomWeights(RobertaConfig config, long seed, String prefix) {
        Random random = new Random(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        RobertaLayout.expectedShapes(config).forEach((name, shape) -> {
            long elements = 1;
            for (long dim : shape) {
                elements *= dim;
            }
            float[] data = new float[(int) elements];
            boolean normScale = name.endsWith("LayerNorm.weight");
            boolean bias = name.endsWith(".bias");
            for (int i = 0; i < data.length; i++) {
                double noise = random.nextGaussian();
                data[i] = (float) (normScale ? 1 + 0.1 * noise : bias ? 0.1 * noise : 0.3 * noise);
            }
            weights.put(prefix + name, new Tensor(prefix + name, shape, data));
        });
        return weights;
    }
}
