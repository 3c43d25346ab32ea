package dev.resultstore.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.resultstore.ResultBackend;
import dev.resultstore.ResultStore;
import dev.resultstore.ResultStoreException;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The results dashboard at {@code /resultstore/}: one page (HTML, script, style) and a read-only
 * JSON API under {@code /resultstore/api/}. Answers 404 unless {@code resultstore.dashboard.enabled=true},
 * asks for credentials when nobody is logged in, and answers 403 to users outside
 * {@code resultstore.dashboard.role}, whatever security constraints the application declares.
 */
@WebServlet(name = "resultstore-dashboard", urlPatterns = "/resultstore/*")
public class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** How the default store ({@code @ResultStore} without a name) appears in URLs. */
    static final String DEFAULT_STORE = "default";
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html", "/dashboard.js", "dashboard.js", "/dashboard.css", "dashboard.css");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html;charset=UTF-8", "js", "text/javascript;charset=UTF-8", "css", "text/css;charset=UTF-8");

    @Inject
    @Any
    transient Instance<ResultBackend> backends;

    private transient DashboardSettings settings;
    private transient Jsonb jsonb;
    private transient TaskQueries queries;

    @Override
    public void init() throws ServletException {
        try {
            settings = DashboardSettings.from(ConfigProvider.getConfig());
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        if (settings.enabled()) {
            jsonb = JsonbBuilder.create();
            queries = new TaskQueries(jsonb);
        }
    }

    @Override
    public void destroy() {
        if (jsonb != null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                log("Closing the dashboard's JSON-B instance failed", e);
            }
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!settings.enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (request.getUserPrincipal() == null && !authenticate(request, response)) {
            return;
        }
        if (!request.isUserInRole(settings.role())) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        secure(response);
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getContextPath() + request.getServletPath() + "/");
        } else if (path.startsWith("/api/")) {
            api(path.substring("/api/".length()), request, response);
        } else if (PAGE_FILES.containsKey(path)) {
            pageFile(PAGE_FILES.get(path), response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    // The container's login mechanism (BASIC, FORM, Jakarta Security) asks for credentials; without one, 401.
    private boolean authenticate(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (request.authenticate(response)) {
                return true;
            }
        } catch (ServletException e) {
            log("The dashboard needs a login mechanism (e.g. a login-config in web.xml): " + e.getMessage());
        }
        if (!response.isCommitted()) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
        return false;
    }

    private static void secure(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    }

    // stores | stores/{store}/tasks | stores/{store}/tasks/{id}
    private void api(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] parts = path.split("/", -1);
        try {
            if (parts.length == 1 && parts[0].equals("stores")) {
                json(response, HttpServletResponse.SC_OK, stores());
                return;
            }
            if (parts.length < 3 || parts.length > 4 || !parts[0].equals("stores") || !parts[2].equals("tasks")) {
                error(response, HttpServletResponse.SC_NOT_FOUND,
                        "No such API: use stores, stores/{store}/tasks or stores/{store}/tasks/{id}");
                return;
            }
            Optional<ResultBackend> backend = backend(parts[1]);
            if (backend.isEmpty()) {
                error(response, HttpServletResponse.SC_NOT_FOUND, "No store named '" + parts[1] + "'; the stores are "
                        + stores().getJsonArray("stores"));
                return;
            }
            if (parts.length == 3) {
                json(response, HttpServletResponse.SC_OK, queries.list(parts[1], backend.get(), parameters(request)));
                return;
            }
            Optional<JsonObject> task = queries.task(backend.get(), parts[3]);
            if (task.isPresent()) {
                json(response, HttpServletResponse.SC_OK, task.get());
            } else {
                error(response, HttpServletResponse.SC_NOT_FOUND, "Nothing is stored for task '" + parts[3] + "'");
            }
        } catch (BadQueryException | IllegalArgumentException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (ResultStoreException e) {
            log("The dashboard could not read the store", e);
            error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    private JsonObject stores() {
        Map<String, Boolean> names = new TreeMap<>();
        for (Instance.Handle<ResultBackend> handle : backends.handles()) {
            handle.getBean().getQualifiers().stream()
                    .filter(ResultStore.class::isInstance)
                    .map(qualifier -> ((ResultStore) qualifier).value())
                    .forEach(name -> names.put(name.isEmpty() ? DEFAULT_STORE : name, true));
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        names.keySet().forEach(list::add);
        return Json.createObjectBuilder().add("stores", list).build();
    }

    private Optional<ResultBackend> backend(String store) {
        Instance<ResultBackend> selected = backends.select(
                ResultStore.Literal.of(DEFAULT_STORE.equals(store) ? "" : store));
        return selected.isResolvable() ? Optional.of(selected.get()) : Optional.empty();
    }

    private static Map<String, String> parameters(HttpServletRequest request) {
        Map<String, String> parameters = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, values[0]));
        return parameters;
    }

    private static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Json.createObjectBuilder().add("error", message).build());
    }

    private static void pageFile(String name, HttpServletResponse response) throws IOException {
        try (InputStream file = DashboardServlet.class.getResourceAsStream(name)) {
            if (file == null) {
                throw new IOException("The dashboard jar misses " + name + ": rebuild resultstore-dashboard");
            }
            response.setContentType(CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            try (OutputStream out = response.getOutputStream()) {
                file.transferTo(out);
            }
        }
    }
}
