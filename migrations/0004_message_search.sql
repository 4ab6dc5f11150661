-- Full-text search over messages. Contentless: it keeps only the index, the text stays in messages.
-- Tokens are written by src/history/search-tokens.ts (Chinese as overlapping character pairs), so
-- two-character Chinese words are found, which SQLite's trigram tokenizer cannot do. prefix='1'
-- keeps a one-character search (a prefix query) fast.
CREATE VIRTUAL TABLE `message_search` USING fts5(`tokens`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1');
--> statement-breakpoint
CREATE TABLE `search_state` (`key` text PRIMARY KEY NOT NULL, `value` integer NOT NULL);
