package hepscan.config;

import java.util.List;

/**
 * One entry of a sample list, its file globs resolved.
 *
 * @param key the sample key (used by {@code --output KEY} and as split name {@code sample})
 * @param globs the file patterns as written, relative to the base directory
 * @param tree the TTree path inside each file
 * @param tag the class name; matches an output {@code $tag}
 * @param signal learning weight = event weight (no xsec / event-weight-sum normalisation)
 * @param files the matching files, sorted by path
 * @param cut this sample's own selection, combined with the global {@code cut} by {@code &&} (""
 *     for none)
 * @param weight this sample's own weight factor, multiplied with the global {@code weight} ("" for
 *     none)
 * @param eventWeightSumFrom {@code TREE/BRANCH} whose values, summed over every entry of each file,
 *     give the sample's event-weight sum (NanoAOD's {@code Runs/genEventSumw}); "" to compute it
 *     from the weights when the JSON does not give it
 */
public record Sample(
    String key,
    List<String> globs,
    String tree,
    String tag,
    boolean signal,
    List<SampleFile> files,
    String cut,
    String weight,
    String eventWeightSumFrom) {
  public Sample {
    globs = List.copyOf(globs);
    files = List.copyOf(files);
  }

  /** The tree of {@link #eventWeightSumFrom}: everything before its last '/'. */
  public String eventWeightSumTree() {
    return eventWeightSumFrom.substring(0, eventWeightSumFrom.lastIndexOf('/'));
  }

  /** The branch of {@link #eventWeightSumFrom}: everything after its last '/'. */
  public String eventWeightSumBranch() {
    return eventWeightSumFrom.substring(eventWeightSumFrom.lastIndexOf('/') + 1);
  }
}
