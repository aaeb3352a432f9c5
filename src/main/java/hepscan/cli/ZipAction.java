package hepscan.cli;

import hepscan.model.ModelArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code hepscan --zip SRC.zip DST.zip}: HHMachineLearning's rename of a model archive, content
 * included, followed by the proof that the copy loads and predicts exactly as the source did.
 */
final class ZipAction {
  private ZipAction() {}

  static int run(Path src, Path dst, boolean overwrite, PrintWriter out) throws IOException {
    if (Files.exists(dst) && !overwrite) {
      throw new UserError(
          ExitCodes.USAGE, dst + " exists already: choose another name or add --force");
    }
    ModelArchive.rename(src, dst, overwrite);
    out.println(
        dst
            + ": model '"
            + ModelArchive.nameOf(dst)
            + "' copied from "
            + src
            + "; it loads and predicts its stored probe events exactly as the source");
    out.flush();
    return ExitCodes.OK;
  }
}
