import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class StrategyError extends AppError {
  static notFound(id: string): StrategyError {
    return new StrategyError(ErrorCode.NOT_FOUND, `no strategy with id ${id}`, { id });
  }

  static nameTaken(name: string): StrategyError {
    return new StrategyError(
      ErrorCode.CONFLICT,
      `a strategy named "${name}" already exists; choose another name`,
    );
  }

  static invalidSpec(message: string): StrategyError {
    return new StrategyError(ErrorCode.BAD_USER_INPUT, `spec: ${message}`);
  }
}
