package hepscan.report;

import hepscan.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code plotting/NAME/index.html}: one static page, no script, no network, no server. It holds the
 * top trials, the importance, every plot (the PNGs beside it, by relative name), the parameters
 * file used and the provenance. Open it from the disk, or copy the folder anywhere.
 */
public final class ReportPage {
  private ReportPage() {}

  public static final String FILE = "index.html";

  private static final String STYLE =
      """
      body { font-family: DejaVu Sans, Helvetica, Arial, sans-serif; margin: 2em auto;
             max-width: 1200px; padding: 0 1em; color: #222; }
      h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; }
      table { border-collapse: collapse; margin: 0.5em 0; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      tr.overtrained td { background: #fdecea; }
      tr.best td { background: #e8f4ea; }
      .flag { color: #b3261e; font-weight: bold; }
      figure { display: inline-block; margin: 0.5em; vertical-align: top; max-width: 560px; }
      figure img { width: 100%; height: auto; border: 1px solid #ddd; }
      figcaption { font-size: 0.9em; color: #444; }
      pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }
      .note { color: #7a5800; }
      code { background: #f0f0f0; padding: 0.1em 0.3em; }
      """;

  /** Writes the page into {@code dir}, beside the plots, atomically. */
  public static Path write(
      ReportContent c, ReportPlots.Written plots, Path dir, String adoptCommand)
      throws IOException {
    Path page = dir.resolve(FILE);
    AtomicFiles.writeString(page, html(c, plots, adoptCommand));
    return page;
  }

  static String html(ReportContent c, ReportPlots.Written plots, String adoptCommand) {
    ScanResults r = c.results();
    String crit = r.ranking().column();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>hepscan report: ")
        .append(esc(r.name()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Scan <code>").append(esc(r.name())).append("</code></h1>\n");
    h.append("<p>")
        .append(r.rows().size())
        .append(" trials ranked by <b>")
        .append(esc(crit))
        .append("</b> (")
        .append(r.ranking().ascending() ? "lower" : "higher")
        .append(" is better). Overtraining rule: ")
        .append(esc(c.overtraining().rule()))
        .append(", ")
        .append(c.overtraining().count(r.rows()))
        .append(" trials flagged.</p>\n");
    h.append("<p id=\"best\">").append(esc(ConsoleReport.bestLine(c))).append("</p>\n");
    if (!adoptCommand.isEmpty()) {
      h.append("<p>Adopt it: <code>").append(esc(adoptCommand)).append("</code></p>\n");
    }

    h.append("<h2>The ")
        .append(Math.min(ReportContent.TOP_TABLE, r.rows().size()))
        .append(" best trials</h2>\n<table id=\"top\">\n<tr><th>rank</th><th>trial</th>");
    for (String m : c.tableMetrics()) {
      h.append("<th>").append(esc(m)).append("</th>");
    }
    h.append("<th>flag</th>");
    List<String> varied = r.variedKeys();
    for (String k : varied) {
      h.append("<th>").append(esc(k)).append("</th>");
    }
    h.append("</tr>\n");
    for (Map<String, String> row : c.top(ReportContent.TOP_TABLE)) {
      boolean over = c.overtraining().flagged(row);
      boolean best = c.best().isPresent() && c.best().get() == row;
      h.append("<tr")
          .append(over ? " class=\"overtrained\"" : best ? " class=\"best\"" : "")
          .append("><td class=\"num\">")
          .append(esc(row.get(Collector.RANK)))
          .append("</td><td><code>")
          .append(esc(row.get("trial_id")))
          .append("</code></td>");
      for (String m : c.tableMetrics()) {
        h.append("<td class=\"num\">").append(esc(ConsoleReport.fixed(row.get(m)))).append("</td>");
      }
      h.append("<td>")
          .append(over ? "<span class=\"flag\">overtrained</span>" : best ? "best" : "")
          .append("</td>");
      for (String k : varied) {
        h.append("<td>").append(esc(row.getOrDefault(k, ""))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Hyperparameter importance</h2>\n<p>Method: ")
        .append(esc(Importance.METHOD))
        .append(", over ")
        .append(c.importance().trials())
        .append(" trials with a number for ")
        .append(esc(crit))
        .append(".</p>\n");
    if (!c.importance().keys().isEmpty()) {
      h.append("<table id=\"importance\">\n<tr><th>key</th><th>share of the variance</th>")
          .append("<th>values: mean (best) ")
          .append(esc(crit))
          .append("</th></tr>\n");
      for (Importance.KeyImportance k : c.importance().keys()) {
        h.append("<tr><td>")
            .append(esc(k.key()))
            .append("</td><td class=\"num\">")
            .append(String.format(Locale.ROOT, "%.1f %%", 100 * k.share()))
            .append("</td><td>");
        for (Importance.ValueStats v : k.values()) {
          h.append(esc(v.value()))
              .append(": ")
              .append(esc(Ranking.format(v.mean())))
              .append(" (")
              .append(esc(Ranking.format(v.best())))
              .append(")&ensp; ");
        }
        h.append("</td></tr>\n");
      }
      h.append("<tr><td>interactions and noise</td><td class=\"num\">")
          .append(String.format(Locale.ROOT, "%.1f %%", 100 * c.importance().unexplained()))
          .append("</td><td></td></tr>\n</table>\n");
    }

    h.append("<h2>Plots</h2>\n");
    for (ReportPlots.Plot p : plots.plots()) {
      h.append("<figure><a href=\"")
          .append(esc(p.file()))
          .append("\"><img src=\"")
          .append(esc(p.file()))
          .append("\" alt=\"")
          .append(esc(p.title()))
          .append("\"></a><figcaption><b>")
          .append(esc(p.title()))
          .append(".</b> ")
          .append(esc(p.caption()))
          .append("</figcaption></figure>\n");
    }
    for (String note : plots.notes()) {
      h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
    }
    if (!c.warnings().isEmpty()) {
      h.append("<h2>Warnings</h2>\n<ul>\n");
      for (String w : c.warnings()) {
        h.append("<li>").append(esc(w)).append("</li>\n");
      }
      h.append("</ul>\n");
    }

    h.append("<h2>Provenance</h2>\n<table id=\"provenance\">\n");
    c.provenance()
        .forEach(
            (k, v) ->
                h.append("<tr><th>")
                    .append(esc(k))
                    .append("</th><td>")
                    .append(esc(v))
                    .append("</td></tr>\n"));
    h.append("</table>\n");

    h.append("<h2>Parameters file</h2>\n");
    if (c.parametersFile().isPresent()) {
      h.append("<p><code>")
          .append(esc(c.parametersFile().get().toString()))
          .append("</code></p>\n<pre id=\"parameters\">")
          .append(esc(c.parametersText()))
          .append("</pre>\n");
    } else {
      h.append("<p class=\"note\">The parameters file was not found.</p>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** Escapes text for HTML content and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
