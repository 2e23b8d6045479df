package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.event.EventBus;
import org.tasl.event.RunEvent;

/**
 * Opens the page in headless Chromium (Debian's, never a downloaded one) during a simulated live
 * run next to a finished run, and checks that the skill map's data changes as importance
 * snapshots arrive, then that the consolidation map, the accuracy matrix and AP/BWT fill in.
 * Screenshots: dashboard/target/dashboard-live.png (mid-run) and dashboard-final.png.
 */
class DashboardBrowserTest {
    private static final List<String> CHROMIUM_FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final String SKILL = "document.querySelector('article[data-run=\"live\"] canvas.skillmap')";

    @TempDir
    Path runs;

    static Path chromium() {
        String env = System.getenv("TASL_CHROMIUM");
        for (String p : new String[] {env, "/usr/lib/chromium/chromium", "/usr/bin/chromium"}) {
            if (p != null && Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    @Test
    void heatmapFollowsTheLiveRun() throws Exception {
        Path exe = chromium();
        Assumptions.assumeTrue(exe != null,
                "browser test skipped: no Chromium at /usr/lib/chromium/chromium or /usr/bin/chromium (apt-get install -y chromium, or set TASL_CHROMIUM)");
        new SimulatedRun("baseline", 4, 30, 10).writeCompleted(runs.resolve("baseline"));
        List<RunEvent> all = new ArrayList<>();
        new SimulatedRun("live", 4, 30, 10).play(all::add, () -> { });
        EventBus bus = new EventBus();
        Path target = Files.createDirectories(Path.of("target"));
        try (DashboardServer server = DashboardServer.start(runs, null, 0);
             Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(exe).setHeadless(true).setArgs(CHROMIUM_FLAGS))) {
            server.attach("live", runs.resolve("live"), bus);
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1600, 1200));
            List<String> errors = new ArrayList<>();
            page.onPageError(errors::add);
            page.onConsoleMessage(m -> {
                if ("error".equals(m.type())) {
                    errors.add(m.text());
                }
            });

            // task 0 up to its first snapshot (step 10)
            int cursor = publishThrough(all, 0, bus, e -> e.name().equals("importance_snapshot"));
            page.navigate(server.url("live") + "&compare=baseline");
            page.waitForFunction("() => { const c = " + SKILL + "; return c && Number(c.dataset.version) > 0 }");
            String first = sum(page);
            assertEquals("0", page.evaluate(SKILL + ".dataset.task"));

            // the next snapshot of task 0 (step 20): importance grows, the map must change
            cursor = publishThrough(all, cursor, bus, e -> e.name().equals("importance_snapshot"));
            page.waitForFunction("s => " + SKILL + ".dataset.sum !== s", first);
            String second = sum(page);
            assertNotEquals(first, second);
            assertTrue(Double.parseDouble(second) > Double.parseDouble(first), first + " -> " + second);

            // into task 1: the map follows the new task
            cursor = publishThrough(all, cursor, bus, e -> e.name().equals("importance_snapshot") && ((Integer) e.get("task")) == 1);
            page.waitForFunction("() => " + SKILL + ".dataset.task === '1'");
            page.waitForFunction("() => document.querySelector('article[data-run=\"live\"] canvas.matrix').dataset.rows === '1'");
            page.screenshot(new Page.ScreenshotOptions().setPath(target.resolve("dashboard-live.png")).setFullPage(true));

            // the rest of the run
            publishThrough(all, cursor, bus, e -> e.name().equals("run_finished"));
            page.waitForFunction("() => document.querySelector('article[data-run=\"live\"] canvas.matrix').dataset.rows === '4'");
            page.waitForFunction("() => document.querySelector('article[data-run=\"live\"] .badge').textContent === 'completed'");
            assertEquals("3", page.evaluate("document.querySelector('article[data-run=\"live\"] canvas.categorymap').dataset.task"));
            String table = (String) page.evaluate("document.querySelector('article[data-run=\"live\"] table.apbwt').innerText");
            // after task 3: AP = 0.78, BWT = -0.06 (AccuracyMatrixTest and DashboardApiTest compute them by hand)
            assertTrue(table.contains("0.7800") && table.contains("-0.0600"), table);
            assertEquals("4", page.evaluate("document.querySelector('article[data-run=\"baseline\"] canvas.matrix').dataset.rows"),
                    "the finished run beside it is drawn from its files and events");
            page.screenshot(new Page.ScreenshotOptions().setPath(target.resolve("dashboard-final.png")).setFullPage(true));
            assertEquals(List.of(), errors, "no script errors on the page");
        }
    }

    @Test
    void drawsTheLocalizationCurvesOfALocalizeRun() throws Exception {
        Path exe = chromium();
        Assumptions.assumeTrue(exe != null,
                "browser test skipped: no Chromium at /usr/lib/chromium/chromium or /usr/bin/chromium (apt-get install -y chromium, or set TASL_CHROMIUM)");
        Path loc = runs.resolve("localize-agnews");
        new SimulatedRun("localize-agnews", 1, 10, 5).writeCompleted(loc);
        Files.writeString(loc.resolve("localization.json"), LocalizationApiTest.LOCALIZED);
        Path target = Files.createDirectories(Path.of("target"));
        try (DashboardServer server = DashboardServer.start(runs, null, 0);
             Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(exe).setHeadless(true).setArgs(CHROMIUM_FLAGS))) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 1000));
            List<String> errors = new ArrayList<>();
            page.onPageError(errors::add);
            page.navigate(server.url("localize-agnews"));
            String curves = "document.querySelector('article[data-run=\"localize-agnews\"] canvas.localization')";
            page.waitForFunction("() => { const c = " + curves + "; return c && c.dataset.points }");
            // 5 curves x 3 fractions
            assertEquals("15", page.evaluate(curves + ".dataset.points"));
            String caption = (String) page.evaluate(curves + ".parentElement.querySelector('.caption').textContent");
            // at 20 %: top removal costs 1 - 0.40 = 60 %, random 15 %; the top graft keeps 75 %, random 30 %
            assertTrue(caption.contains("zero-shot 25.0, trained 85.0"), caption);
            assertTrue(caption.contains("costs 60% of the gain, random ones 15%"), caption);
            assertTrue(caption.contains("keeps 75%, random ones 30%"), caption);
            assertTrue(caption.contains("The skill is localized"), caption);
            page.screenshot(new Page.ScreenshotOptions().setPath(target.resolve("dashboard-localization.png")).setFullPage(true));
            assertEquals(List.of(), errors, "no script errors on the page");
        }
    }

    private static String sum(Page page) {
        return (String) page.evaluate(SKILL + ".dataset.sum");
    }

    /** Publishes events from {@code from} up to and including the first matching one; returns the next index. */
    private static int publishThrough(List<RunEvent> all, int from, EventBus bus, Predicate<RunEvent> stop) {
        for (int i = from; i < all.size(); i++) {
            bus.onEvent(all.get(i));
            if (stop.test(all.get(i))) {
                return i + 1;
            }
        }
        return all.size();
    }
}
