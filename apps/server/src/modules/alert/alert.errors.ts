import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class AlertError extends AppError {
  static ruleNotFound(id: string): AlertError {
    return new AlertError(ErrorCode.NOT_FOUND, `no alert rule with id ${id}`, { id });
  }

  static invalid(message: string, argument?: string): AlertError {
    return new AlertError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
  }
}
