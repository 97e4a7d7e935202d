package org.slicewise.app.ui.render;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slicewise.core.volume.DisplayWindow;

/**
 * LRU cache of rendered grey slices keyed by plane, index and window, bounded by bytes. Scrolling
 * back and forth (the common case while annotating) then costs one array copy per frame.
 */
public final class SliceCache {
    private record Key(Orientation o, int index, DisplayWindow w) {
    }

    private final long maxBytes;
    private long bytes;
    private long hits;
    private long misses;
    private final LinkedHashMap<Key, int[]> map = new LinkedHashMap<>(64, 0.75f, true);

    public SliceCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Rendered grey pixels (shared; callers must not modify), rendering on a miss. */
    public synchronized int[] get(GreyRenderer r, ViewMapping m, int index, DisplayWindow w) {
        Key k = new Key(m.orientation(), index, w);
        int[] px = map.get(k);
        if (px != null) {
            hits++;
            return px;
        }
        misses++;
        px = new int[m.width() * m.height()];
        r.render(m, index, w, px);
        map.put(k, px);
        bytes += 4L * px.length;
        var it = map.entrySet().iterator();
        while (bytes > maxBytes && map.size() > 1 && it.hasNext()) {
            Map.Entry<Key, int[]> e = it.next();
            bytes -= 4L * e.getValue().length;
            it.remove();
        }
        return px;
    }

    public synchronized void clear() {
        map.clear();
        bytes = 0;
    }

    public synchronized long hits() { return hits; }

    public synchronized long misses() { return misses; }
}
