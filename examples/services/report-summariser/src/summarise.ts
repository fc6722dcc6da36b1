import Anthropic from '@anthropic-ai/sdk';

// The key comes from ANTHROPIC_API_KEY, injected by the platform at runtime.
const client = new Anthropic();

const MODEL = process.env.SUMMARY_MODEL ?? 'claude-3-5-haiku-latest';

/** Turns a report's aggregate tables into a short narrative for the board pack. */
export async function summariseReport(title: string, tablesCsv: string): Promise<string> {
  const message = await client.messages.create({
    model: MODEL,
    max_tokens: 800,
    system:
      'You write concise, neutral summaries of NHS operational reports for a board audience. ' +
      'Use only the figures given. Do not speculate about individual patients.',
    messages: [{ role: 'user', content: `Report: ${title}\n\n${tablesCsv}` }],
  });
  return message.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
}
