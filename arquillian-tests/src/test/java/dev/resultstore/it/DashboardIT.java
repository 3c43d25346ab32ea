package dev.resultstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The results dashboard in the example application, on WildFly: its JSON API behind BASIC
 * authentication against the application realm (users added by the build), and its page in
 * Debian's headless Chromium driven by Selenium. Also a WAR that carries the dashboard without
 * enabling it.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
// Its users are in WildFly's application realm; the payara execution excludes it (this also holds with -Dit.test).
@EnabledIfSystemProperty(named = "arquillian.launch", matches = "wildfly")
class DashboardIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(name = "example", testable = false)
    static WebArchive example() {
        return Deployments.exampleApplication();
    }

    @Deployment(name = "not-enabled", testable = false)
    static WebArchive notEnabled() {
        return Deployments.war("dashboard-not-enabled").addAsLibraries(Deployments.jars("dashboard"));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String admin() {
        return basic(System.getProperty("dashboard.admin.user"), System.getProperty("dashboard.admin.password"));
    }

    private static HttpResponse<String> get(URL base, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toExternalForm().replaceAll("/?$", "/") + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void apiAsksForCredentialsAndRefusesUsersOutsideTheRole(@ArquillianResource @OperateOnDeployment("example") URL base) {
        HttpResponse<String> anonymous = get(base, "resultstore/api/stores", null);
        HttpResponse<String> clerk = get(base, "resultstore/api/stores", basic(
                System.getProperty("dashboard.other.user"), System.getProperty("dashboard.other.password")));
        HttpResponse<String> wrongPassword = get(base, "resultstore/api/stores",
                basic(System.getProperty("dashboard.admin.user"), "not-the-password"));
        HttpResponse<String> admin = get(base, "resultstore/api/stores", admin());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(clerk.statusCode()).isEqualTo(403);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("{\"stores\":[\"default\"]}");
    }

    @Test
    void apiPagesThroughTheStoreAndAnswersOneTask(@ArquillianResource @OperateOnDeployment("example") URL base) {
        ReportsClient reports = new ReportsClient(base);
        String first = reports.submit("emea", "2026-Q1");
        String second = reports.submit("apac", "2026-Q1");
        reports.awaitReady(first);
        reports.awaitReady(second);

        HttpResponse<String> page = get(base, "resultstore/api/stores/default/tasks?state=SUCCESS&limit=1", admin());
        HttpResponse<String> task = get(base, "resultstore/api/stores/default/tasks/" + first, admin());
        HttpResponse<String> unknownStore = get(base, "resultstore/api/stores/archive/tasks", admin());
        HttpResponse<String> badState = get(base, "resultstore/api/stores/default/tasks?state=DONE", admin());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"state\":\"SUCCESS\"").contains("\"cursor\":\"1\"");
        assertThat(task.statusCode()).isEqualTo(200);
        assertThat(task.body()).contains("\"taskId\":\"" + first + "\"", "\"state\":\"SUCCESS\"", "\"region\":\"emea\"");
        assertThat(unknownStore.statusCode()).isEqualTo(404);
        assertThat(unknownStore.body()).contains("No store named 'archive'");
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("FAILURE");
    }

    @Test
    void notFoundUnlessEnabled(@ArquillianResource @OperateOnDeployment("not-enabled") URL base) {
        assertThat(get(base, "resultstore/", admin()).statusCode()).isEqualTo(404);
        assertThat(get(base, "resultstore/api/stores", admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void browserListsTasksFiltersByStateSearchesByIdAndShowsDetails(
            @ArquillianResource @OperateOnDeployment("example") URL base) throws IOException {
        ReportsClient reports = new ReportsClient(base);
        String success = reports.submit("emea", "2026-Q3");
        String failure = reports.submit("atlantis", "2026-Q3");
        reports.awaitReady(success);
        reports.awaitReady(failure);

        ChromeDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // BASIC credentials on every request of the page, the script's fetch calls included.
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", admin())));
            browser.get(base.toExternalForm().replaceAll("/?$", "/") + "resultstore/");

            // Other tests' tasks share the example's store: the checks below narrow it by id.
            wait.until(driver -> listedIds(browser).size() >= 2);
            assertThat(listed(browser, "row.cells[1].textContent")).allMatch(state -> !state.isBlank());

            search(browser, failure);
            wait.until(driver -> listedIds(browser).equals(List.of(failure)));
            assertThat(row(browser, failure).getText()).contains("FAILURE");
            state(browser, "FAILURE");
            wait.until(driver -> listedIds(browser).equals(List.of(failure)));
            state(browser, "SUCCESS");
            wait.until(ExpectedConditions.textToBe(By.id("message"), "No tasks match."));
            assertThat(listedIds(browser)).isEmpty();

            search(browser, success);
            wait.until(driver -> listedIds(browser).equals(List.of(success)));
            assertThat(row(browser, success).getText()).contains("SUCCESS");
            row(browser, success).findElement(By.tagName("a")).click();
            wait.until(ExpectedConditions.textToBe(By.id("detail-id"), success));
            assertThat(browser.findElement(By.id("detail-state")).getText()).isEqualTo("SUCCESS");
            assertThat(browser.findElement(By.id("detail-value")).getText()).contains("\"region\": \"emea\"");
            assertThat(browser.findElement(By.id("traceback-box")).isDisplayed()).isFalse();

            state(browser, "any");
            search(browser, failure);
            wait.until(driver -> listedIds(browser).equals(List.of(failure)));
            row(browser, failure).findElement(By.tagName("a")).click();
            wait.until(ExpectedConditions.textToBe(By.id("detail-id"), failure));
            assertThat(browser.findElement(By.id("detail-state")).getText()).isEqualTo("FAILURE");
            assertThat(browser.findElement(By.id("detail-error")).getText())
                    .contains("java.lang.IllegalArgumentException", "Unknown region 'atlantis'");
            assertThat(browser.findElement(By.id("detail-traceback")).getText()).contains("ReportGenerator.generate");
            assertThat(browser.findElement(By.id("value-box")).isDisplayed()).isFalse();

            // For the picture: every task again, with the failure's details when it is on the first page.
            search(browser, "");
            wait.until(driver -> listedIds(browser).size() >= 2);
            if (listedIds(browser).contains(failure)) {
                row(browser, failure).findElement(By.tagName("a")).click();
                wait.until(ExpectedConditions.textToBe(By.id("detail-id"), failure));
            }
            // README's picture (docs/dashboard.png is a copy of it).
            Path screenshot = Path.of(System.getProperty("browser.work"), "dashboard.png");
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }

    private static void search(ChromeDriver browser, String idPrefix) {
        WebElement search = browser.findElement(By.id("search"));
        search.clear();
        search.sendKeys(idPrefix);
        browser.findElement(By.id("apply")).click();
    }

    private static void state(ChromeDriver browser, String state) {
        new Select(browser.findElement(By.id("state"))).selectByVisibleText(state);
    }

    // Read in one script call: the table is re-rendered while the test waits on it.
    @SuppressWarnings("unchecked")
    private static List<String> listed(ChromeDriver browser, String what) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('#tasks tbody tr'),"
                + " row => " + what + ");");
    }

    private static List<String> listedIds(ChromeDriver browser) {
        return listed(browser, "row.dataset.taskId");
    }

    private static WebElement row(ChromeDriver browser, String taskId) {
        return browser.findElement(By.cssSelector("#tasks tbody tr[data-task-id='" + taskId + "']"));
    }

    /** Debian's Chromium, headless, with a fresh profile under target/browser. */
    private static ChromeDriver browser() throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("browser.work")));
        Path profile = Files.createTempDirectory(work, "profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,860", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }
}
