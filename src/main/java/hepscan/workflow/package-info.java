/**
 * The workflow: what {@code --scan}, a SLURM array task and {@code --submit} share between reading
 * the parameters file and training (the scan plan, the hyperparameter check, the device check and
 * the data preparation). It sits below the command line, which maps its {@link
 * hepscan.workflow.WorkflowException}s to exit codes.
 */
package hepscan.workflow;
