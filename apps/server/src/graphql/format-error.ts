import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from '../logger.js';
import { AppError, ErrorCode } from './app-error.js';

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function validationMessages(errors: ValidationFailure[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => (prefix ? `${prefix}.${m}` : m)),
    ...validationMessages(e.children ?? [], prefix ? `${prefix}.${e.property}` : e.property),
  ]);
}

/**
 * The one place errors become what a client sees: module errors keep their
 * code and message, argument validation becomes BAD_USER_INPUT listing every
 * broken rule, GraphQL's own errors (syntax, unknown fields, bad variables)
 * pass through, and anything else is logged and replaced by a generic message
 * so no stack trace or SQL leaves the server.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return {
        message: original.message,
        path: formatted.path,
        extensions: { ...original.details, code: original.code },
      };
    }
    if (original instanceof ArgumentValidationError) {
      const messages = validationMessages(original.extensions.validationErrors as ValidationFailure[]);
      return {
        message: `invalid input: ${messages.join('; ')}`,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, problems: messages },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      // Errors raised by GraphQL itself before any resolver ran: safe and useful as they are.
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code },
      };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
    return {
      message: 'internal server error; the server log has the details',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
