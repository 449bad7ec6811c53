import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Structured JSON lines on stdout: time in ISO, a level name, and whatever the caller binds (reqId, operation). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "sop-desk" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ["req.headers.authorization", "headers.authorization", "accessCode", "password"], censor: "[redacted]" },
    },
    destination,
  );
}
