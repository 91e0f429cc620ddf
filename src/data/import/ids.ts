/** Ids go into URLs unescaped, so they are slugs, of at most MAX_ID_LENGTH characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,255}$/;
export const MAX_ID_LENGTH = 256;
