package dev.leaklab.core.experiment;

import dev.leaklab.core.data.Dataset;
import dev.leaklab.core.data.DatasetException;
import dev.leaklab.core.data.DatasetLoader;
import dev.leaklab.core.data.Sample;
import dev.leaklab.core.data.synthetic.SyntheticCorpus;
import dev.leaklab.core.task.CancellationToken;
import dev.leaklab.core.task.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Produces a project's samples: reads its dataset files, or runs its generator. */
public final class ProjectDatasets {

    private ProjectDatasets() {
    }

    /**
     * Loads the samples of a project.
     *
     * @param projectFile the project file; relative dataset paths are resolved against its folder
     * @throws DatasetException when a dataset file is malformed or holds one class only
     */
    public static Dataset load(ProjectSpec project, Path projectFile, CancellationToken cancel)
            throws DatasetException {
        return load(project, projectFile, cancel, ProgressListener.NONE);
    }

    /** As {@link #load(ProjectSpec, Path, CancellationToken)}, reporting progress. */
    public static Dataset load(ProjectSpec project, Path projectFile, CancellationToken cancel,
                               ProgressListener progress) throws DatasetException {
        DatasetSpec spec = project.dataset();
        if (spec == null) {
            return outputsRows(project, projectFile);
        }
        if (spec.generator() != null) {
            GeneratorSpec g = spec.generator();
            progress.progress("Generating " + g.functions() + " functions", 0, g.functions());
            cancel.throwIfCancelled();
            List<Sample> samples = SyntheticCorpus.generate(new SyntheticCorpus.Spec(g.functions(), g.seed(),
                    g.hasDecoration()));
            cancel.throwIfCancelled();
            progress.progress("Generating " + g.functions() + " functions", g.functions(), g.functions());
            return new Dataset(project.name() + " (generated)", List.of(), null, samples);
        }
        return DatasetLoader.load(resolve(spec, projectFile), spec.datasetFormat(), spec.readerOptions(), cancel,
                progress);
    }

    /**
     * The dataset paths of a project, resolved against the project file's folder. Read-only use: a project may
     * read from any path it names, {@code ../} and absolute paths included (see {@link ProjectSpec} for why, and
     * why no such path is ever written to).
     */
    public static List<Path> resolve(DatasetSpec spec, Path projectFile) {
        Path base = projectFile == null || projectFile.toAbsolutePath().getParent() == null
                ? Path.of("").toAbsolutePath() : projectFile.toAbsolutePath().getParent();
        List<Path> paths = new ArrayList<>();
        for (String p : spec.paths()) {
            paths.add(base.resolve(p).normalize());
        }
        return paths;
    }

    /**
     * The samples of an audit that names no dataset: the outputs file's rows, with their ids and labels and no
     * code. Reading them checks the whole file, so a bad one is refused when the project opens.
     */
    private static Dataset outputsRows(ProjectSpec project, Path projectFile) throws DatasetException {
        Path file = AuditPreparation.resolve(project.target().outputs(), projectFile);
        try {
            dev.leaklab.core.audit.MemberList members = project.target().members() == null ? null
                    : dev.leaklab.core.audit.MemberList.read(AuditPreparation.resolve(project.target().members(),
                    projectFile));
            dev.leaklab.core.audit.ImportedOutputs o = dev.leaklab.core.audit.OutputsFileReader.read(file, members,
                    new dev.leaklab.core.model.dl4j.Nd4jNumpyReader());
            List<Sample> samples = new ArrayList<>();
            for (dev.leaklab.core.data.Subset s : dev.leaklab.core.data.Subset.values()) {
                dev.leaklab.core.model.ModelOutputs out = o.get(s).orElse(null);
                for (int i = 0; out != null && i < out.size(); i++) {
                    samples.add(new Sample(out.ids().get(i), "", out.label(i), String.valueOf(file.getFileName()), 0,
                            null, s.id()));
                }
            }
            return new Dataset(String.valueOf(file.getFileName()), List.of(file), null, samples);
        } catch (dev.leaklab.core.InputException e) {
            throw new DatasetException(e.file(), e.line(), e.reason());
        }
    }
}
