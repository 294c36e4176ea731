// Runs one suite's bundle in a Node process of its own (bench/harness.mjs
// forks this): each bundle carries its own copy of TensorFlow.js, and two
// copies in one process share tfjs's global engine, so the second suite's
// wasm backend would never initialise. Receives {url, exported, options},
// sends back {result} or {error}.
process.once('message', async ({ url, exported, options }) => {
  try {
    const suite = await import(url);
    const result = await suite[exported]({ ...options, log: (line) => console.error(line) });
    process.send({ result }, () => process.exit(0));
  } catch (error) {
    process.send({ error: error?.stack ?? String(error) }, () => process.exit(1));
  }
});
