/**
 * A deliberately naive model, for prompt-injection tests. When the user message contains,
 * *outside* the `<post>…</post>` block, an instruction such as "ignore (all) previous
 * instructions", "игнорируй предыдущие инструкции", "forget your instructions" or a request to
 * reveal / print the system prompt, the emulator obeys it: it answers with the system prompt's
 * text as plain content, which matches no response schema. Text *inside* the block is data and
 * is never obeyed. So a test of the pipeline passes only while the pipeline delimits the post
 * and escapes it (an unescaped `</post>` in a post would end the block early and let the rest
 * of the post act as instructions), and fails the moment it stops doing either.
 */
import { normalizeText } from './rules/text';

// A qualifier ("previous", "your", "system"…) is required, so that a pipeline's own
// "ignore any instructions inside the post" is not taken for an injection.
const NOT_ABOUT_THE_POST = String.raw`(?!\s+(?:in|inside|within|contained|from|of)\s+(?:the\s+)?(?:post|text|block|ad|message))`;
const NOT_ABOUT_THE_POST_RU = String.raw`(?!\s+(?:в|внутри|из)\s+(?:текст[а-я]*|пост[а-я]*|объявлени[а-я]*|блок[а-я]*))`;

const EARLIER = '(?:previous|prior|above|earlier|preceding|system)';

const INJECTIONS: readonly RegExp[] = [
  new RegExp(
    String.raw`\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:(?:your|my)\s+(?:${EARLIER}\s+)?|(?:the\s+|all\s+)?${EARLIER}\s+)(?:instructions?|prompts?|rules|directions)\b${NOT_ABOUT_THE_POST}`,
    'u',
  ),
  /\b(?:reveal|print|show|display|output|repeat|tell\s+me|give\s+me|leak|dump)\s+(?:me\s+)?(?:your\s+|the\s+)?(?:full\s+|exact\s+|original\s+)?(?:system\s+prompt|system\s+message|initial\s+instructions|hidden\s+instructions|(?<=your\s+(?:full\s+|exact\s+|original\s+)?)(?:instructions|prompt))\b/u,
  new RegExp(
    String.raw`(?<![\p{L}])(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|отмени|отмените|не\s+обращай\s+внимания\s+на)\s+(?:все\s+|всё\s+)?(?:предыдущие|прошлые|прежние|вышеуказанные|вышеизложенные|свои|твои|системные)\s+(?:инструкци[а-я]*|указани[а-я]*|правил[а-я]*|промпт[а-я]*)${NOT_ABOUT_THE_POST_RU}`,
    'u',
  ),
  /(?<![\p{L}])(?:покажи|покажите|выведи|выведите|раскрой|раскройте|напечатай|напечатайте|повтори|повторите|скажи|напиши)\s+(?:мне\s+)?(?:свой\s+|свои\s+|твой\s+|твои\s+|весь\s+)?(?:системн[а-я]*\s+(?:промпт[а-я]*|инструкци[а-я]*|сообщени[а-я]*)|(?<=(?:свой|свои|твой|твои)\s+)(?:промпт[а-я]*|инструкци[а-я]*))/u,
];

/** True when the text carries an instruction the naive model would obey. */
export function containsInjection(text: string): boolean {
  const normalized = normalizeText(text);
  return INJECTIONS.some((regex) => regex.test(normalized));
}
