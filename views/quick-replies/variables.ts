// The variables a quick reply's text may hold, filled when the agent inserts it. No imports: the
// workspace's browser bundle uses this file too.
export interface ReplyVariables {
  visitor_name: string;
  agent_name: string;
  site_name: string;
}

export const VARIABLES = ["visitor_name", "agent_name", "site_name"] as const;

/** {visitor_name}, {agent_name} and {site_name} replaced; any other {word} is left as written. */
export function fillVariables(text: string, vars: ReplyVariables): string {
  return text.replace(/\{(visitor_name|agent_name|site_name)\}/g, (_, k: keyof ReplyVariables) => vars[k]);
}
