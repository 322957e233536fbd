// Progress output for the image build: each stage prints its name, then how long it took.
const started = Date.now();

const seconds = (ms) => (ms / 1000).toFixed(1);

/** Run one build stage, printing its title and elapsed time; a failure names the stage it happened in. */
export async function stage(title, fn) {
  const t0 = Date.now();
  console.log(`\n\x1b[1m== ${title}\x1b[0m  (at ${seconds(t0 - started)} s)`);
  try {
    const result = await fn();
    console.log(`   ${title}: done in ${seconds(Date.now() - t0)} s`);
    return result;
  } catch (error) {
    const wrapped = new Error(`guest image build failed in stage "${title}": ${error.message}`);
    wrapped.cause = error;
    throw wrapped;
  }
}

export function totalSeconds() {
  return Math.round((Date.now() - started) / 100) / 10;
}
