/**
 * A deterministic generator of labelled C functions: the dataset of the bundled quickstart project, so the
 * application runs without a download.
 *
 * <p>{@link dev.leaklab.core.data.synthetic.SyntheticCorpus} draws functions from a dozen weakness patterns
 * (stack and heap overflows, out-of-bounds and off-by-one writes, format strings, use after free, double
 * free, unchecked allocations, integer overflow in an allocation size, command injection, uninitialised
 * reads, leaks on error paths), each as a vulnerable variant or as its fixed twin. The twins share every
 * random choice but the fix, so a model trained on them has to learn the weakness rather than names,
 * strings or lengths. The package-private template classes hold one method per pattern; the function
 * writer holds the surface noise both labels share.
 */
package dev.leaklab.core.data.synthetic;
