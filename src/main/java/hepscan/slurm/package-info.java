/**
 * The SLURM path: {@code --submit} cuts the grid into job specs (one per array task, under {@code
 * split/NAME/}) and submits array jobs; each task runs {@code --worker}, which trains its trials
 * with the local scan's code into {@code slurm/NAME/output/}; {@code --status} and {@code
 * --resubmit} read what the tasks left. Durable state is files, never the scheduler's memory: a
 * marker per trial and an exit record per task, each written by the one task that owns it. {@link
 * hepscan.slurm.JobPaths} owns every name under {@code split/} and {@code slurm/}.
 */
package hepscan.slurm;
