import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class QualityProfileError extends AppError {
  static notFound(id: string): QualityProfileError {
    return new QualityProfileError(ErrorCode.NOT_FOUND, `no quality profile with id ${id}`, { id });
  }

  static nameTaken(name: string): QualityProfileError {
    return new QualityProfileError(
      ErrorCode.CONFLICT,
      `a quality profile named "${name}" already exists; choose another name`,
    );
  }

  static invalid(message: string): QualityProfileError {
    return new QualityProfileError(ErrorCode.BAD_USER_INPUT, message);
  }
}
