import { z } from 'zod';

/** One field-level problem in a validation error: `path` is dotted (e.g. `materials.0.name`). */
export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The single shape of every failure response: `{"error": {"code", "message", "details"?}}`. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string().optional(),
    details: z
      .object({
        fields: z.array(fieldIssueSchema).optional(),
      })
      .catchall(z.unknown())
      .optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
