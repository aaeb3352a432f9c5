/**
 * Test outputs: a trained model applied to the events that training never saw ({@code --model M
 * --test}) and to samples that were not used at all ({@code --output KEY}), written back into ROOT
 * files for the analysis, with a summary (ROC AUC, working points, overtraining checks, confusion
 * matrix) and plots.
 */
package hepscan.output;
