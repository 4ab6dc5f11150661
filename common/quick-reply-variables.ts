// The variables a quick reply's text may hold, filled in the workspace when the agent inserts it.
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
