/** A `uses:` reference of a workflow, with the line it is on. */
export interface ActionReference {
  line: number;
  text: string;
}

/** `owner/repo[/path]@<40-hex commit> # v1.2.3`: a commit pin with the tag it stands for. */
const PINNED = /^\s*(?:-\s+)?uses:\s+[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[0-9a-f]{40}\s+#\s+v\d+(?:\.\d+){0,2}\s*$/;

/**
 * Every `uses:` line of a workflow's text that is not pinned to a full commit SHA with its version
 * in a trailing comment. A tag or branch can be moved by whoever controls the action's repository;
 * a commit cannot. Local actions (`./…`) are part of this repository and need no pin. Read from the
 * text because a YAML parser drops the comments.
 */
export function unpinnedActions(workflowText: string): ActionReference[] {
  return workflowText
    .split(/\r?\n/)
    .map((text, index) => ({ line: index + 1, text }))
    .filter(({ text }) => /^\s*(?:-\s+)?uses:/.test(text))
    .filter(({ text }) => !/uses:\s+['"]?\.\//.test(text) && !PINNED.test(text));
}

/** How many `uses:` lines a workflow's text has. */
export function actionReferenceCount(workflowText: string): number {
  return workflowText.split(/\r?\n/).filter((text) => /^\s*(?:-\s+)?uses:/.test(text)).length;
}
