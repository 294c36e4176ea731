// Colours of the chart in the light and dark themes. The page's CSS follows
// prefers-color-scheme; the chart is told which theme is in force.

const THEMES = {
  light: {
    background: '#ffffff',
    text: '#1f2937',
    grid: 'rgba(31, 41, 55, 0.12)',
    axis: 'rgba(31, 41, 55, 0.45)', // the axis lines, a step above the grid
    shade: 'rgba(220, 38, 38, 0.09)',
    // The shading's edges: the fill alone is 1.2:1 against the background,
    // the edge at least 3:1 (tests/node/chart-text.test.mjs).
    shadeEdge: '#dc2626',
    function: '#1d4ed8',
    gradient: '#c2410c',
    compare: ['#15803d', '#7e22ce', '#be185d', '#0e7490'],
  },
  dark: {
    background: '#111827',
    text: '#e5e7eb',
    grid: 'rgba(229, 231, 235, 0.14)',
    axis: 'rgba(229, 231, 235, 0.45)',
    shade: 'rgba(248, 113, 113, 0.14)',
    shadeEdge: '#f87171',
    function: '#60a5fa',
    gradient: '#fb923c',
    compare: ['#4ade80', '#c084fc', '#f472b6', '#22d3ee'],
  },
};

export function themeColors(theme) {
  return THEMES[theme] ?? THEMES.light;
}

/** 'light' | 'dark' for 'auto' (the system setting) or an explicit theme. */
export function resolveTheme(choice = 'auto') {
  if (choice === 'light' || choice === 'dark') return choice;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Calls back with the new theme when the system setting changes; returns
 *  a function that stops listening. */
export function watchSystemTheme(callback) {
  const query = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  if (!query) return () => {};
  const listener = () => callback(query.matches ? 'dark' : 'light');
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
