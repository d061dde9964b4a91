#!/usr/bin/env python3
# usage: shots.py OUTDIR URL[::EXPECTED TITLE]...
# Headless Chromium over --remote-debugging-pipe (stdlib + Pillow): each page at a desktop and a
# phone width; fails a page that does not load, has console or network errors, an empty or wrong
# title, or a screenshot of one colour. Prints a JSON line per page and width.
import base64, io, json, os, queue, subprocess, sys, tempfile, threading, time
from PIL import Image

WIDTHS = [("desktop", 1280, 800, False), ("phone", 390, 844, True)]

def main(outdir, specs):
    os.makedirs(outdir, exist_ok=True)
    profile = tempfile.TemporaryDirectory(prefix="chromium-")
    cmd_r, cmd_w = os.pipe(); ev_r, ev_w = os.pipe()
    args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-extensions", "--disable-background-networking", "--disable-breakpad",
            "--hide-scrollbars", "--user-data-dir=" + profile.name, "--remote-debugging-pipe", "about:blank"]
    # Chromium reads NUL-terminated JSON commands on fd 3 and writes replies and events on fd 4
    proc = subprocess.Popen(["sh", "-c", f'exec "$@" 3<&{cmd_r} 4>&{ev_w}', "sh", *args],
                            pass_fds=(cmd_r, ev_w), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, XDG_CONFIG_HOME=profile.name, XDG_CACHE_HOME=profile.name))
    os.close(cmd_r); os.close(ev_w)
    replies, events, ids = queue.Queue(), queue.Queue(), iter(range(1, 1 << 30))
    def reader():
        buf = b""
        while chunk := os.read(ev_r, 1 << 20):
            *msgs, buf = (buf + chunk).split(b"\0")
            for m in map(json.loads, msgs):
                (replies if "id" in m else events).put(m)
    threading.Thread(target=reader, daemon=True).start()
    def send(method, sid=None, **params):
        n = next(ids)
        msg = {"id": n, "method": method, "params": params} | ({"sessionId": sid} if sid else {})
        os.write(cmd_w, json.dumps(msg).encode() + b"\0")
        while (r := replies.get(timeout=30))["id"] != n: pass
        if "error" in r: raise RuntimeError(f"{method}: {r['error']}")
        return r["result"]
    failed = total = 0
    try:
        tid = send("Target.createTarget", url="about:blank")["targetId"]
        sid = send("Target.attachToTarget", targetId=tid, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"): send(domain + ".enable", sid)
        for i, spec in enumerate(specs):
            url, _, expected = spec.partition("::")
            for label, width, height, mobile in WIDTHS:
                total += 1
                send("Emulation.setDeviceMetricsOverride", sid, width=width, height=height,
                     deviceScaleFactor=1, mobile=mobile)
                while not events.empty(): events.get()
                errs, loaded, deadline = [], False, time.monotonic() + 20
                if err := send("Page.navigate", sid, url=url).get("errorText"): errs.append("navigation: " + err)
                while time.monotonic() < deadline:
                    try: ev = events.get(timeout=0.1 if loaded else 0.5)
                    except queue.Empty:
                        if loaded: break  # load event seen, then 100 ms of quiet
                        continue
                    m, p = ev["method"], ev.get("params", {})
                    loaded |= m == "Page.loadEventFired"
                    if m == "Runtime.consoleAPICalled" and p["type"] in ("error", "warning", "assert"):
                        errs.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
                    elif m == "Runtime.exceptionThrown":
                        d = p["exceptionDetails"]; errs.append("exception: " + d.get("exception", {}).get("description", d["text"]))
                    elif m == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                        errs.append(f"log.{p['entry']['level']}: {p['entry']['text']} {p['entry'].get('url', '')}")
                title = send("Runtime.evaluate", sid, expression="document.title")["result"].get("value", "")
                overflow = send("Runtime.evaluate", sid,
                                expression="document.documentElement.scrollWidth > window.innerWidth + 1")["result"].get("value")
                png = base64.b64decode(send("Page.captureScreenshot", sid, format="png")["data"])
                shot = os.path.join(outdir, f"{i:03d}-{label}.png")
                open(shot, "wb").write(png)
                errs += ["no load event in 20 s"] * (not loaded) + ["empty title"] * (not title.strip())
                if expected and expected not in title: errs.append(f"title {title!r} lacks {expected!r}")
                if overflow: errs.append("the page is wider than the window (horizontal scrolling)")
                if Image.open(io.BytesIO(png)).convert("RGB").getcolors(1):  # None unless a single colour
                    errs.append("blank: screenshot is one colour")
                failed += bool(errs)
                print(json.dumps({"url": url, "width": label, "title": title, "screenshot": shot, "errors": errs}), flush=True)
    finally:
        try: send("Browser.close"); proc.wait(timeout=10)
        except Exception: proc.kill(); proc.wait()
        profile.cleanup()
    print(f"pages: {total - failed} ok, {failed} with errors")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
