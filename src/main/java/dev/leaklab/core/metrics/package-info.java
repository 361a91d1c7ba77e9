/**
 * Value objects for how well a model or an attack separates two classes: {@link dev.leaklab.core.metrics.RocCurve}
 * (ROC, AUC, TPR at a fixed FPR, membership advantage), {@link dev.leaklab.core.metrics.ConfusionMatrix} and
 * {@link dev.leaklab.core.metrics.ClassificationMetrics}.
 *
 * <p>The semantics follow scikit-learn ({@code roc_curve(drop_intermediate=False)}, {@code roc_auc_score},
 * {@code precision_recall_fscore_support(zero_division=0)}) and Tribuo's
 * {@code LabelEvaluationUtil.generateROCCurve}, so that numbers reported here can be checked against either.
 * Everything is immutable, toolkit-free and computed in {@code O(n log n)} on primitive arrays.
 */
package dev.leaklab.core.metrics;
