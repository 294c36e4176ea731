// A chart as an SVG document, and the bands around a chart picture (title
// on top; legend and shading key below), from a plain description of what
// is drawn: no DOM and no Chart.js, so that the build (the iframe embed's
// no-script previews, in Node) and the explorer's "Download SVG" write SVG
// with one writer, and the PNG export lays out its bands with the same code.
//
// A picture: {width, height, font, colors: {background, text, grid, shade,
// shadeEdge}, title, key (the shading's sentence, or ''), legendKey (what
// solid and dashed mean, or ''), x and y: {min, max,
// ticks: [{value, label}], title}, curves: [{color, width, dash, points:
// [{x, y}]}] (a non-finite y breaks the line), dots: [{x, y, color, radius,
// style: 'circle' | 'rectRot'}], shade: [[x0, x1], ...], legend: [{text,
// lines: [{color, width, dash}]}]}.

const FONT = "'Helvetica Neue', 'Helvetica', 'Arial', sans-serif";
const TITLE_SIZE = 15;
const TEXT_SIZE = 12;
const LINE = 17; // px between text lines of a band
const PAD = 10;
const SWATCH = 40; // px of a legend entry's line samples (as html-legend.js draws them)
// Beyond this many px outside the plot a coordinate is clamped: far enough
// that a clamped segment's visible part moves by under a pixel, near enough
// that every SVG reader holds it (1e308 would overflow a float).
const FAR = 1e6;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v) => String(Number(v.toFixed(2)));

/** Width of text without a DOM: an average glyph of a sans-serif face
 *  (the canvas measures exactly; see export.js). */
export function estimateWidth(text, size, weight = 400) {
  return text.length * size * (weight >= 600 ? 0.6 : 0.55);
}

// Words of text in lines no wider than width.
function wrap(text, width, measure) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The title band: {height, items}. measure(text, size, weight) gives a
 *  text's width in px. */
export function titleBand(width, title, measure = estimateWidth) {
  if (!title) return { height: 0, items: [] };
  const lines = wrap(title, width - 2 * PAD, (t) => measure(t, TITLE_SIZE, 600));
  const items = lines.map((text, i) => ({
    type: 'text',
    x: PAD,
    y: PAD + TITLE_SIZE + i * (TITLE_SIZE + 5),
    text,
    size: TITLE_SIZE,
    weight: 600,
  }));
  return { height: PAD + lines.length * (TITLE_SIZE + 5) + 4, items };
}

/** The band under the plot: legend entries flowing in rows and the
 *  legend's own key (note: "Solid: f(x). Dashed: f′(x)."), then the shading
 *  key (its swatch and sentence). {height, items}; item y values are text
 *  baselines from the band's top. */
export function keyBand(width, legend, key, measure = estimateWidth, note = '') {
  const items = [];
  const textWidth = (t) => measure(t, TEXT_SIZE, 400);
  let x = PAD;
  let y = LINE;
  for (const entry of legend) {
    const w = SWATCH + 6 + textWidth(entry.text);
    if (x > PAD && x + w > width - PAD) {
      x = PAD;
      y += LINE;
    }
    // The swatch: one line sample per curve, stacked (solid f over dashed f′), as on the page.
    const gap = 12 / (entry.lines.length + 1);
    entry.lines.forEach((line, i) =>
      items.push({ type: 'line', x: x + 1, y: y - 10 + gap * (i + 1), length: SWATCH - 2, ...line }),
    );
    items.push({ type: 'text', x: x + SWATCH + 6, y, text: entry.text, size: TEXT_SIZE });
    x += w + 16;
  }
  if (legend.length && note) {
    if (x > PAD && x + textWidth(note) > width - PAD) {
      x = PAD;
      y += LINE;
    }
    items.push({ type: 'text', x, y, text: note, size: TEXT_SIZE });
  }
  if (!legend.length) y = 0;
  if (key) {
    const lines = wrap(key, width - 2 * PAD - 22, textWidth);
    y += LINE;
    items.push({ type: 'shade', x: PAD, y: y - 11, width: 16, height: 12 });
    lines.forEach((text, i) => items.push({ type: 'text', x: PAD + 22, y: y + i * LINE, text, size: TEXT_SIZE }));
    y += (lines.length - 1) * LINE;
  }
  return { height: y ? y + PAD : 0, items };
}

// One band item as SVG, in colours c, shifted down by dy.
function itemSvg(item, c, dy) {
  const y = item.y + dy;
  if (item.type === 'text') {
    const weight = item.weight ? ` font-weight="${item.weight}"` : '';
    return `<text x="${num(item.x)}" y="${num(y)}" font-size="${item.size}"${weight}>${esc(item.text)}</text>`;
  }
  if (item.type === 'line') {
    return `<line x1="${num(item.x)}" x2="${num(item.x + item.length)}" y1="${num(y)}" y2="${num(y)}" stroke="${item.color}" stroke-width="${item.width}"${dashAttr(item.dash)}/>`;
  }
  return `<rect class="shade-key" x="${item.x}" y="${num(y)}" width="${item.width}" height="${item.height}" fill="${c.shade}" stroke="${c.shadeEdge}" stroke-width="1.5" stroke-dasharray="4 3"/>`;
}

/** Draws band items on a canvas 2D context (the PNG export), top at dy. */
export function paintItems(ctx, items, c, dy, font = FONT) {
  for (const item of items) {
    const y = item.y + dy;
    ctx.save();
    if (item.type === 'text') {
      ctx.fillStyle = c.text;
      ctx.font = `${item.weight ?? 400} ${item.size}px ${font}`;
      ctx.fillText(item.text, item.x, y);
    } else if (item.type === 'line') {
      ctx.strokeStyle = item.color;
      ctx.lineWidth = item.width;
      ctx.setLineDash(item.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(item.x, y);
      ctx.lineTo(item.x + item.length, y);
      ctx.stroke();
    } else {
      ctx.fillStyle = c.shade;
      ctx.fillRect(item.x, y, item.width, item.height);
      ctx.strokeStyle = c.shadeEdge;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(item.x, y, item.width, item.height);
    }
    ctx.restore();
  }
}

const dashAttr = (dash) => (dash && dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : '');

/** The picture as a standalone SVG document (a string). */
export function chartSvg(p) {
  const c = p.colors;
  const font = p.font ?? FONT;
  const top = titleBand(p.width, p.title);
  const bottom = keyBand(p.width, p.legend ?? [], p.key, estimateWidth, p.legendKey);
  const yLabelWidth = Math.max(0, ...p.y.ticks.map((t) => estimateWidth(t.label, TEXT_SIZE)));
  // Room for the widest y label, and for half of an x label at either end.
  const xLabelHalf = Math.max(0, ...p.x.ticks.map((t) => estimateWidth(t.label, TEXT_SIZE) / 2));
  const area = {
    left: PAD + Math.max(yLabelWidth + 8, xLabelHalf),
    right: p.width - PAD - Math.max(6, xLabelHalf),
    top: top.height + (top.height ? 4 : PAD),
    bottom: p.height - bottom.height - TEXT_SIZE - 10 - (p.x.title ? LINE : 0),
  };
  const px = (x) => area.left + ((x - p.x.min) / (p.x.max - p.x.min)) * (area.right - area.left);
  const py = (y) => area.bottom - ((y - p.y.min) / (p.y.max - p.y.min)) * (area.bottom - area.top);
  const clampX = (v) => Math.min(Math.max(v, area.left - FAR), area.right + FAR);
  const clampY = (v) => Math.min(Math.max(v, area.top - FAR), area.bottom + FAR);
  const within = (v, lo, hi) => v >= lo - 1e-9 && v <= hi + 1e-9;

  const grid = [];
  for (const t of p.x.ticks.filter((t) => within(t.value, p.x.min, p.x.max))) {
    const x = num(px(t.value));
    grid.push(`<line x1="${x}" x2="${x}" y1="${num(area.top)}" y2="${num(area.bottom)}"/>`);
    grid.push(`<text x="${x}" y="${num(area.bottom + TEXT_SIZE + 6)}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  for (const t of p.y.ticks.filter((t) => within(t.value, p.y.min, p.y.max))) {
    const y = num(py(t.value));
    grid.push(`<line x1="${num(area.left)}" x2="${num(area.right)}" y1="${y}" y2="${y}"/>`);
    grid.push(`<text x="${num(area.left - 6)}" y="${num(py(t.value) + 4)}" text-anchor="end">${esc(t.label)}</text>`);
  }
  if (p.x.title) {
    grid.push(
      `<text x="${num((area.left + area.right) / 2)}" y="${num(area.bottom + TEXT_SIZE + 6 + LINE)}" text-anchor="middle">${esc(p.x.title)}</text>`,
    );
  }

  const shade = [];
  for (const [a, b] of p.shade ?? []) {
    const left = Math.max(px(a), area.left);
    const right = Math.min(px(b), area.right);
    if (right <= left) continue;
    shade.push(
      `<rect x="${num(left)}" y="${num(area.top)}" width="${num(right - left)}" height="${num(area.bottom - area.top)}" fill="${c.shade}"/>`,
    );
    // Edges inside the plot only, as on the chart (its border marks the others).
    for (const x of [px(a), px(b)]) {
      if (x > area.left + 0.5 && x < area.right - 0.5) {
        shade.push(
          `<line x1="${num(x)}" x2="${num(x)}" y1="${num(area.top)}" y2="${num(area.bottom)}" stroke="${c.shadeEdge}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
        );
      }
    }
  }

  const path = (points) => {
    let d = '';
    let pen = 'M';
    for (const { x, y } of points) {
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        pen = 'M';
        continue;
      }
      d += `${pen}${num(clampX(px(x)))},${num(clampY(py(y)))}`;
      pen = 'L';
    }
    return d;
  };
  const curves = p.curves.map(
    (k) =>
      `<path d="${path(k.points)}" fill="none" stroke="${k.color}" stroke-width="${k.width}" stroke-linejoin="round"${dashAttr(k.dash)}/>`,
  );
  const dots = (p.dots ?? [])
    .filter((d) => Number.isFinite(d.y) && within(d.x, p.x.min, p.x.max))
    .map((d) => {
      const [x, y, r] = [px(d.x), clampY(py(d.y)), d.radius];
      if (d.style === 'rectRot') {
        const corners = [x, y - r, x + r, y, x, y + r, x - r, y].map(num);
        return `<polygon points="${corners.join(' ')}" fill="${d.color}"/>`;
      }
      return `<circle cx="${num(x)}" cy="${num(y)}" r="${r}" fill="${d.color}"/>`;
    });

  const w = num(p.width);
  const h = num(p.height);
  const plot = `x="${num(area.left)}" y="${num(area.top)}" width="${num(area.right - area.left)}" height="${num(area.bottom - area.top)}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(p.label ?? p.title ?? '')}">
<title>${esc(p.title ?? '')}</title>
<defs><clipPath id="plot-area"><rect ${plot}/></clipPath></defs>
<rect width="${w}" height="${h}" fill="${c.background}"/>
<g font-family="${esc(font)}" fill="${c.text}">${top.items.map((i) => itemSvg(i, c, 0)).join('')}</g>
<g class="zero-gradient" clip-path="url(#plot-area)">${shade.join('')}</g>
<g stroke="${c.grid}" font-family="${esc(font)}" font-size="${TEXT_SIZE}" fill="${c.text}">${grid.join('').replace(/<text /g, '<text stroke="none" ')}</g>
<g clip-path="url(#plot-area)">
${curves.join('\n')}
</g>
<g>${dots.join('')}</g>
<g font-family="${esc(font)}" fill="${c.text}">${bottom.items.map((i) => itemSvg(i, c, p.height - bottom.height)).join('')}</g>
</svg>
`;
}
