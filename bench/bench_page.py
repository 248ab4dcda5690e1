"""How fast is the network page on large graphs? Not a test: run by hand after changing the page.

    .venv/bin/python bench/bench_page.py                 # 300, 1000 and 5000 actors
    .venv/bin/python bench/bench_page.py --actors 5000 --repeat 3

For each size it writes a made-up graph's page (tests/synthetic.py), opens it in headless
Chromium (/usr/bin/chromium, offline) and times, best of --repeat:

    write   kg.view.render_network (layout included)
    ready   from navigation until the page says it is drawn and interactive
    filter  a change of the minimum-confidence filter, until the next frame is drawn
    zoom    one zoom step, until the next frame is drawn

Times are also given as ratios to the same steps on the empty page (vis-network loaded, nothing
to draw), so they can be compared across machines.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from rdflib import Graph  # noqa: E402

from kg.network import to_networkx  # noqa: E402
from kg.view import render_network  # noqa: E402
from synthetic import large_graph  # noqa: E402

FRAME = """(action) => new Promise(resolve => {
    const start = performance.now();
    if (!window.kgNetwork) { resolve(0); return; }
    kgNetwork.once('afterDrawing', () => resolve(performance.now() - start));
    if (action === 'filter') {
        const slider = document.getElementById('kg-min-confidence');
        slider.value = slider.value === '0' ? '0.5' : '0';
        slider.dispatchEvent(new Event('input'));
    } else {
        kgNetwork.moveTo({scale: kgNetwork.getScale() * 1.25});
    }
    kgNetwork.redraw();
})"""


def measure(browser, path: Path) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_function("() => document.body.dataset.kgReady === '1'", timeout=300_000)
    ready = time.perf_counter() - start
    result = {"ready": ready, "filter": page.evaluate(FRAME, "filter") / 1000, "zoom": page.evaluate(FRAME, "zoom") / 1000}
    page.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="*", default=[300, 500, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        rows = []
        for actors in [0, *args.actors]:
            network = to_networkx(large_graph(actors) if actors else Graph())
            start = time.perf_counter()
            html = render_network(network)
            written = time.perf_counter() - start
            path = Path(tmp) / f"page-{actors}.html"
            path.write_text(html, encoding="utf-8")
            runs = [measure(browser, path) for _ in range(args.repeat)]
            best = {key: min(run[key] for run in runs) for key in runs[0]}
            rows.append((actors, network.number_of_edges(), len(html), written, best))
        browser.close()
    base = rows[0][4]
    print(f"{'actors':>7} {'relations':>9} {'page kB':>8} {'write s':>8} {'ready s':>8} {'vs empty':>8} "
          f"{'filter s':>9} {'zoom s':>7}")
    for actors, edges, size, written, best in rows:
        print(f"{actors:>7} {edges:>9} {size // 1000:>8} {written:>8.2f} {best['ready']:>8.2f} "
              f"{best['ready'] / base['ready']:>7.1f}x {best['filter']:>9.3f} {best['zoom']:>7.3f}")


if __name__ == "__main__":
    main()
