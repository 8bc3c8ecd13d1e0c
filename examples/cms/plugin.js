// A CMS editor button that asks plainspeak for a plainer version of the text being edited.
// Runs in the browser, so the server needs the CMS origin in PLAINSPEAK_CORS_ORIGINS, and the
// key it uses is visible to editors: give the plugin its own key, with a rate limit, or call
// plainspeak from your CMS backend instead (see rewrite_export.py).

const PLAINSPEAK_URL = "http://127.0.0.1:7860";   // where `python app.py` runs
const PLAINSPEAK_KEY = "editor-plugin-key";        // one of PLAINSPEAK_API_KEYS

/** Rewrite `text`; resolves to the API's JSON (output, changes with reasons, scores). */
export async function plainspeakRewrite(text, { format = "auto", targetGrade = 8, accept } = {}) {
  const body = { text, format, target_grade: targetGrade };
  if (accept) body.accept = accept;              // change ids the editor kept
  const response = await fetch(`${PLAINSPEAK_URL}/v1/rewrite`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${PLAINSPEAK_KEY}` },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    // every error has the same shape: {"error": {"code", "title", "message", "field"}}
    const retry = response.headers.get("Retry-After");
    throw new Error(`${data.error.code} ${data.error.message}${retry ? ` (retry in ${retry} s)` : ""}`);
  }
  return data;
}

/** Example wiring: suggest a rewrite for a <textarea>, listing each change and why. */
export async function suggestFor(textarea, list) {
  const result = await plainspeakRewrite(textarea.value);
  list.replaceChildren(...result.changes.map((c) => {
    const item = document.createElement("li");
    item.textContent = `${c.before} → ${c.after || "(removed)"}: ${c.reason} [${c.rule}]`;
    return item;
  }));
  const { before, after } = result.scores;
  console.info(`grade ${before.flesch_kincaid_grade} → ${after.flesch_kincaid_grade}`);
  return result.output;   // put it in the editor once the editor agrees
}
