package dev.leaklab.core.model.pretrained;

import dev.leaklab.core.code.bpe.ByteLevelBpe;
import dev.leaklab.core.code.bpe.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face RoBERTa folder as {@code save_pretrained} leaves it: {@code config.json}, the tokenizer's
 * {@code vocab.json} and {@code merges.txt}, and {@code model.safetensors}. Opening checks the files are
 * there and reads the config; the tokenizer and the weights are read when asked for, each time, so a folder
 * object holds no large data.
 */
public final class PretrainedFolder {

    /** The config file. */
    public static final String CONFIG = "config.json";
    /** The tokenizer's vocabulary. */
    public static final String VOCAB = "vocab.json";
    /** The tokenizer's merges. */
    public static final String MERGES = "merges.txt";
    /** The weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** Every file a folder must have. */
    public static final List<String> REQUIRED_FILES = List.of(CONFIG, VOCAB, MERGES, WEIGHTS);

    private final Path dir;
    private final RobertaConfig config;

    private PretrainedFolder(Path dir, RobertaConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /**
     * Opens a folder and reads its config.
     *
     * @throws PretrainedException naming the folder and every missing file at once, or the config's problems
     */
    public static PretrainedFolder open(Path dir) throws PretrainedException {
        if (!Files.isDirectory(dir)) {
            throw new PretrainedException(dir, Files.exists(dir) ? "not a folder" : "no such folder");
        }
        List<String> missing = new ArrayList<>();
        for (String name : REQUIRED_FILES) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new PretrainedException(dir, "missing " + String.join(", ", missing)
                    + " (a Hugging Face RoBERTa folder has " + String.join(", ", REQUIRED_FILES)
                    + "; a checkpoint with only pytorch_model.bin must be converted to safetensors first)");
        }
        return new PretrainedFolder(dir, RobertaConfig.read(dir.resolve(CONFIG)));
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The config read on opening. */
    public RobertaConfig config() {
        return config;
    }

    /**
     * Reads the tokenizer and checks it fits the config: {@code <s>}, {@code </s>} and {@code <pad>} are
     * there, {@code <pad>} has the config's {@code pad_token_id}, and every id has an embedding row.
     *
     * @throws PretrainedException naming {@code vocab.json} or {@code merges.txt} and the problem
     */
    public ByteLevelBpe tokenizer() throws PretrainedException {
        Path vocab = dir.resolve(VOCAB);
        ByteLevelBpe bpe;
        try {
            bpe = ByteLevelBpe.load(vocab, dir.resolve(MERGES));
        } catch (TokenizerException e) {
            throw new PretrainedException(e.file(), e.line(), e.reason(), e);
        }
        List<String> problems = new ArrayList<>();
        for (String special : List.of(ByteLevelBpe.BOS, ByteLevelBpe.EOS, ByteLevelBpe.PAD)) {
            if (bpe.id(special) < 0) {
                problems.add("no " + special + " token");
            }
        }
        if (bpe.padId() >= 0 && bpe.padId() != config.padTokenId()) {
            problems.add(ByteLevelBpe.PAD + " has id " + bpe.padId() + " but " + CONFIG + " says pad_token_id "
                    + config.padTokenId());
        }
        if (bpe.vocabSize() > config.vocabSize()) {
            problems.add("ids run up to " + (bpe.vocabSize() - 1) + " but " + CONFIG + " has vocab_size "
                    + config.vocabSize());
        }
        if (!problems.isEmpty()) {
            throw new PretrainedException(vocab, String.join("; ", problems));
        }
        return bpe;
    }

    /**
     * Reads every tensor of {@code model.safetensors}; the file is read again on each call.
     *
     * @throws PretrainedException naming the file and the problem
     */
    public Map<String, Tensor> weights() throws PretrainedException {
        return SafeTensors.read(dir.resolve(WEIGHTS));
    }

    /**
     * Checks, from the safetensors header alone, that every tensor the encoder needs is there with the shape
     * the config gives it.
     *
     * @throws PretrainedException naming {@code model.safetensors} and listing every missing tensor and every
     *                             wrong shape in one message
     */
    public void validateShapes() throws PretrainedException {
        Path weights = dir.resolve(WEIGHTS);
        List<String> problems = RobertaLayout.problems(config, SafeTensors.readShapes(weights));
        if (!problems.isEmpty()) {
            throw new PretrainedException(weights, "does not fit " + CONFIG + " (" + config.numHiddenLayers()
                    + " layers, hidden " + config.hiddenSize() + "): " + String.join("; ", problems));
        }
    }
}
