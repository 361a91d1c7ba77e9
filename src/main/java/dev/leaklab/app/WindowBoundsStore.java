package dev.leaklab.app;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the main window's size, position and maximised state between runs, in the user preferences
 * node {@code leaklab.prefsNode} (default {@code dev/leaklab}; the tests use their own node). Saved bounds
 * that no longer fit any screen (a monitor was unplugged) are ignored in favour of a centred default; saved
 * bounds that overhang the screen (the display scale has grown since) are moved and shrunk onto it.
 */
public final class WindowBoundsStore {

    /** Default window width. */
    public static final double DEFAULT_WIDTH = 1280;
    /** Default window height. */
    public static final double DEFAULT_HEIGHT = 800;

    private static final Logger LOG = LoggerFactory.getLogger(WindowBoundsStore.class);
    private static final String X = "window.x";
    private static final String Y = "window.y";
    private static final String WIDTH = "window.width";
    private static final String HEIGHT = "window.height";
    private static final String MAXIMIZED = "window.maximized";
    /** At least this much of the title bar must be on a screen for saved bounds to be reused. */
    private static final double MIN_VISIBLE = 80;

    private final Preferences node;

    /** A store in the node that {@code leaklab.prefsNode} names. */
    public WindowBoundsStore() {
        this(UserPreferences.node());
    }

    /** A store in {@code node}. */
    public WindowBoundsStore(Preferences node) {
        this.node = node;
    }

    /** Sizes and places {@code stage} as it was last time, or at the default size, centred. */
    public void restore(Stage stage) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double width = node.getDouble(WIDTH, Double.NaN);
        double height = node.getDouble(HEIGHT, Double.NaN);
        double x = node.getDouble(X, Double.NaN);
        double y = node.getDouble(Y, Double.NaN);
        if (isUsable(x, y, width, height)) {
            // why: bounds saved at another display scale (100 % then 150 %) can be larger than the screen is now;
            // the window is fitted onto the screen its title bar is on, so its edges and status bar stay in sight
            Rectangle2D on = Screen.getScreensForRectangle(x, y, width, 30).stream().findFirst()
                    .orElse(Screen.getPrimary()).getVisualBounds();
            double fittedWidth = Math.min(width, on.getWidth());
            double fittedHeight = Math.min(height, on.getHeight());
            stage.setX(Math.max(on.getMinX(), Math.min(x, on.getMaxX() - fittedWidth)));
            stage.setY(Math.max(on.getMinY(), Math.min(y, on.getMaxY() - fittedHeight)));
            stage.setWidth(fittedWidth);
            stage.setHeight(fittedHeight);
        } else {
            stage.setWidth(Math.min(DEFAULT_WIDTH, screen.getWidth()));
            stage.setHeight(Math.min(DEFAULT_HEIGHT, screen.getHeight()));
            stage.centerOnScreen();
        }
        stage.setMaximized(node.getBoolean(MAXIMIZED, false));
    }

    /** Records {@code stage}'s bounds; the normal bounds are kept while it is maximised or iconified. */
    public void save(Stage stage) {
        node.putBoolean(MAXIMIZED, stage.isMaximized());
        if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0) {
            node.putDouble(X, stage.getX());
            node.putDouble(Y, stage.getY());
            node.putDouble(WIDTH, stage.getWidth());
            node.putDouble(HEIGHT, stage.getHeight());
        }
        try {
            node.flush();
        } catch (BackingStoreException | SecurityException e) {
            // why: losing the window size is harmless; failing to quit over it would not be
            LOG.warn("cannot save the window position: {}", e.getMessage());
        }
    }

    private static boolean isUsable(double x, double y, double width, double height) {
        if (Double.isNaN(x) || Double.isNaN(y) || !(width >= 400) || !(height >= 300)) {
            return false;
        }
        Rectangle2D titleBar = new Rectangle2D(x, y, width, 30);
        return Screen.getScreens().stream().map(Screen::getVisualBounds).anyMatch(bounds -> {
            if (!bounds.intersects(titleBar)) {
                return false;
            }
            double visible = Math.min(bounds.getMaxX(), x + width) - Math.max(bounds.getMinX(), x);
            return visible >= MIN_VISIBLE && width <= bounds.getWidth() * 1.5 && height <= bounds.getHeight() * 1.5;
        });
    }
}
