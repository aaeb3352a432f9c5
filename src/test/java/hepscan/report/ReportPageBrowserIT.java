package hepscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report page in a real browser: Debian's headless Chromium, driven over the DevTools
 * protocol. The page must load without a script error, a console error or a failed request, and
 * every image must have decoded (naturalWidth > 0); a screenshot is kept in {@code
 * target/browser/}. A copy of the page with one plot removed must fail the same checks, so they can
 * see a broken page. Skipped, with the command that installs it, where Chromium is missing.
 */
class ReportPageBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path project;
  @TempDir Path profile;

  @Test
  void thePageLoadsWithoutErrorsAndEveryPlotDecodes() throws Exception {
    Path chromium = chromium();
    ReportContent c = ScanReportTest.content(project, "auc", false);
    Path dir = project.resolve("plotting/syn");
    ReportPlots.Written plots = ReportPlots.write(c, dir);
    Path page =
        ReportPage.write(c, plots, dir, "./hepscan --zip model/syn/syn_t3.zip model/syn.zip");
    // the control: the same page, one plot gone
    Path broken = dir.resolve("broken.html");
    Files.writeString(broken, Files.readString(page).replace("heatmap.png", "missing.png"));

    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox", // as root in a container
                "--disable-gpu",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--window-size=1280,900",
                "about:blank")
            .redirectErrorStream(true)
            .start();
    try (Devtools tools = Devtools.connect(browser)) {
      Load good = tools.load(page);
      assertEquals(List.of(), good.errors(), "errors while loading " + page);
      assertEquals(plots.plots().size(), good.images().size(), good.images().toString());
      for (JsonNode image : good.images()) {
        assertTrue(image.path("complete").asBoolean(), image.toString());
        assertTrue(image.path("naturalWidth").asInt() > 0, "not decoded: " + image);
        assertEquals(900, image.path("naturalWidth").asInt(), image.toString());
      }
      assertTrue(good.title().startsWith("hepscan report: syn"), good.title());
      byte[] png = tools.screenshot();
      Path shot = Path.of("target/browser/report-screenshot.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, png);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertTrue(image.getWidth() >= 1000 && image.getHeight() > 900, image.toString());
      assertTrue(ScanReportTest.colours(image) > 10, "a blank screenshot");

      Load bad = tools.load(broken);
      assertFalse(bad.errors().isEmpty(), "the missing plot went unnoticed");
      assertTrue(
          bad.images().stream()
              .anyMatch(
                  i ->
                      i.path("src").asText().equals("missing.png")
                          && i.path("naturalWidth").asInt() == 0),
          bad.images().toString());
    } finally {
      browser.destroy();
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly();
      }
    }
  }

  private static Path chromium() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    Assumptions.abort(
        "no Chromium (/usr/bin/chromium): the browser test of the report page is skipped; install"
            + " it with 'bash tools/browser/install-chromium.sh' as root (./run-tests does)");
    return null;
  }

  /** What a page load showed: the errors seen, the images' states, the title. */
  record Load(List<String> errors, List<JsonNode> images, String title) {}

  /** A DevTools-protocol session with the browser's one page. */
  static final class Devtools implements AutoCloseable {
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final java.util.Map<Integer, CompletableFuture<JsonNode>> replies =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Devtools(WebSocket.Builder builder, URI uri) throws Exception {
      socket = builder.buildAsync(uri, new Listener()).get(30, TimeUnit.SECONDS);
    }

    static Devtools connect(Process browser) throws Exception {
      // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
      BufferedReader log =
          new BufferedReader(
              new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ws = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line = log.readLine(); line != null; line = log.readLine()) {
                    int at = line.indexOf("ws://");
                    if (line.contains("DevTools listening on") && at >= 0) {
                      ws.complete(line.substring(at).trim());
                    }
                  }
                } catch (java.io.IOException e) {
                  // the browser ended
                }
                ws.complete(null);
              });
      reader.setDaemon(true);
      reader.start();
      String browserUrl = ws.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (browserUrl == null) {
        throw new AssertionError(
            "chromium ended before it listened (exit " + browser.waitFor() + ")");
      }
      URI base = URI.create(browserUrl.replace("ws://", "http://"));
      HttpClient http = HttpClient.newHttpClient();
      String list =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://" + base.getAuthority() + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (JsonNode target : JSON.readTree(list)) {
        if (target.path("type").asText().equals("page")) {
          Devtools tools =
              new Devtools(
                  http.newWebSocketBuilder(),
                  URI.create(target.path("webSocketDebuggerUrl").asText()));
          for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
            tools.call(domain + ".enable", JSON.createObjectNode());
          }
          return tools;
        }
      }
      throw new AssertionError("chromium shows no page: " + list);
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> reply = new CompletableFuture<>();
      replies.put(id, reply);
      ObjectNode message = JSON.createObjectNode();
      message.put("id", id).put("method", method).set("params", params);
      socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
      JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (r.has("error")) {
        throw new AssertionError(method + ": " + r.path("error"));
      }
      return r.path("result");
    }

    Load load(Path file) throws Exception {
      events.clear();
      ObjectNode params = JSON.createObjectNode();
      params.put("url", file.toUri().toString());
      call("Page.navigate", params);
      List<String> errors = new ArrayList<>();
      long end = System.nanoTime() + WAIT.toNanos();
      boolean loaded = false;
      while (!loaded && System.nanoTime() < end) {
        JsonNode e = events.poll(1, TimeUnit.SECONDS);
        if (e != null) {
          loaded = record(e, errors);
        }
      }
      assertTrue(loaded, "no load event for " + file);
      // events that arrive right after the load event (late console messages)
      for (JsonNode e = events.poll(500, TimeUnit.MILLISECONDS);
          e != null;
          e = events.poll(500, TimeUnit.MILLISECONDS)) {
        record(e, errors);
      }
      ObjectNode eval = JSON.createObjectNode();
      eval.put(
          "expression",
          "JSON.stringify({title: document.title, images: Array.from(document.images).map(i =>"
              + " ({src: i.getAttribute('src'), complete: i.complete, naturalWidth:"
              + " i.naturalWidth}))})");
      eval.put("returnByValue", true);
      JsonNode value =
          JSON.readTree(call("Runtime.evaluate", eval).path("result").path("value").asText());
      List<JsonNode> images = new ArrayList<>();
      value.path("images").forEach(images::add);
      return new Load(errors, images, value.path("title").asText());
    }

    /** Adds what went wrong in {@code e} to {@code errors}; true on the page's load event. */
    private static boolean record(JsonNode e, List<String> errors) {
      String method = e.path("method").asText();
      JsonNode p = e.path("params");
      switch (method) {
        case "Runtime.exceptionThrown" -> errors.add("script error: " + p.path("exceptionDetails"));
        case "Runtime.consoleAPICalled" -> {
          if (p.path("type").asText().equals("error")) {
            errors.add("console error: " + p.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          if (p.path("entry").path("level").asText().equals("error")) {
            errors.add("log error: " + p.path("entry").path("text").asText());
          }
        }
        case "Network.loadingFailed" -> errors.add("request failed: " + p);
        default -> {}
      }
      return method.equals("Page.loadEventFired");
    }

    byte[] screenshot() throws Exception {
      ObjectNode params = JSON.createObjectNode();
      params.put("format", "png");
      params.put("captureBeyondViewport", true);
      return Base64.getDecoder()
          .decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    @Override
    public void close() {
      socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          try {
            JsonNode m = JSON.readTree(text.toString());
            if (m.has("id")) {
              CompletableFuture<JsonNode> reply = replies.remove(m.path("id").asInt());
              if (reply != null) {
                reply.complete(m);
              }
            } else {
              events.add(m);
            }
          } catch (java.io.IOException e) {
            events.add(
                JSON.createObjectNode().put("method", "unparsable").put("text", text.toString()));
          }
          text.setLength(0);
        }
        ws.request(1);
        return null;
      }
    }
  }
}
