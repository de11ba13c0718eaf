#!/usr/bin/env python3
"""Convert Natural Earth country outlines from the npm package `world-atlas`
(TopoJSON) into the compact `countries.json` that dossier embeds in its binary.

Usage (from this folder, standard library only):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 convert_countries.py package/countries-50m.json countries.json

What it does, in order:
  1. decodes the quantized, delta-encoded TopoJSON arcs to [lon, lat] degrees;
  2. simplifies each arc with Douglas-Peucker (tolerance TOLERANCE degrees)
     *before* rings are assembled, so borders shared by two countries stay
     identical on both sides;
  3. stitches arcs into rings, rounds to 0.01 degree, drops repeated points,
     and drops rings too small to see at a regional zoom (MIN_AREA);
  4. makes every ring continuous in longitude: a ring that crosses the
     antimeridian (Fiji, Chukotka) keeps going past 180 instead of jumping
     to -180, and a ring around a pole (Antarctica) is closed along that
     pole, so a flat projection never draws a band across the world;
  5. writes countries sorted by name, rings in source order, so the output is
     byte-identical on every run.
"""
import json
import sys

TOLERANCE = 0.02  # degrees, about 2 km: finer than a pixel at an 8-degree view
MIN_AREA = 0.004  # square degrees: islets smaller than this are dropped


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def perpendicular_distance(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def simplify(points, tolerance):
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = perpendicular_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def ring_from_arcs(arc_indices, arcs):
    ring = []
    for index in arc_indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # consecutive arcs share their joining point
        ring.extend(arc if not ring else arc[1:])
    return ring


def round_ring(ring):
    out = []
    for lon, lat in ring:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()  # the renderer closes rings itself
    return out


def unwrap(ring):
    out = [list(ring[0])]
    for lon, lat in ring[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append([round(lon, 2), lat])
    drift = out[-1][0] - out[0][0]
    if abs(drift) > 180:
        # The ring winds once around a pole: close it along the pole.
        pole = -90.0 if sum(p[1] for p in out) < 0 else 90.0
        out.append([out[-1][0], pole])
        out.append([out[0][0], pole])
    if min(p[0] for p in out) >= 180:
        out = [[round(p[0] - 360, 2), p[1]] for p in out]
    elif max(p[0] for p in out) < -180:
        out = [[round(p[0] + 360, 2), p[1]] for p in out]
    return out


def area(ring):
    total = 0.0
    for i in range(len(ring)):
        x1, y1 = ring[i - 1]
        x2, y2 = ring[i]
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def main(source, target):
    topo = json.load(open(source, encoding="utf-8"))
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topo)]
    countries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for arc_indices in polygon:
                ring = round_ring(ring_from_arcs(arc_indices, arcs))
                if len(ring) < 3:
                    continue
                ring = unwrap(ring)
                if area(ring) >= MIN_AREA:
                    rings.append(ring)
        if rings:
            countries.append({"name": geometry["properties"]["name"], "rings": rings})
    countries.sort(key=lambda c: c["name"])
    document = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), "
        "via npm world-atlas 2.0.2 countries-50m.json",
        "countries": countries,
    }
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
    points = sum(len(r) for c in countries for r in c["rings"])
    print(f"{len(countries)} countries, {points} points -> {target}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: convert_countries.py countries-50m.json countries.json")
    main(sys.argv[1], sys.argv[2])
